namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Note matching criteria of mir_eval.transcription (defaults are mir_eval's): onset within
/// <see cref="Onset"/> seconds, pitch within <see cref="PitchCents"/>, and — only when
/// <see cref="OffsetRatio"/> is set — offset within max(OffsetRatio·reference duration, OffsetMinimum).
/// <see cref="Strict"/> uses &lt; instead of ≤.
/// </summary>
public sealed record NoteTolerance(
    double Onset = 0.05,
    double PitchCents = 50.0,
    double? OffsetRatio = 0.2,
    double OffsetMinimum = 0.05,
    bool Strict = false)
{
    /// <summary>What nmf_audio_benchmark scores with: offsets ignored (onset tolerance 0.05 s, 50 cents on Hz).</summary>
    public static NoteTolerance OnsetOnly { get; } = new(OffsetRatio: null);

    internal void Validate()
    {
        if (!(Onset >= 0)) throw new ArgumentException($"Onset tolerance must be ≥ 0 seconds, got {Onset}.");
        if (!(PitchCents >= 0)) throw new ArgumentException($"Pitch tolerance must be ≥ 0 cents, got {PitchCents}.");
        if (OffsetRatio is { } r && !(r >= 0)) throw new ArgumentException($"Offset ratio must be ≥ 0, got {r}.");
        if (!(OffsetMinimum >= 0)) throw new ArgumentException($"Minimum offset tolerance must be ≥ 0 seconds, got {OffsetMinimum}.");
    }
}
