using System.Globalization;

namespace NmfGrid.Tasks.Audio;

/// <summary>
/// What to take from a file, in librosa.load's order: crop at the file's own rate (offset, duration),
/// then mix down to mono, then resample.
/// </summary>
public sealed record AudioReadOptions
{
    public static AudioReadOptions Default { get; } = new();

    /// <summary>Target rate in Hz; null keeps the file's rate.</summary>
    public int? SampleRate { get; init; }

    /// <summary>Mix the channels down to one (their mean).</summary>
    public bool Mono { get; init; } = true;

    /// <summary>Start of the excerpt in seconds (the sample index is truncated, as librosa does).</summary>
    public double Offset { get; init; }

    /// <summary>Length of the excerpt in seconds; null reads to the end. The seed uses the first 30 s.</summary>
    public double? Duration { get; init; }

    /// <summary>Stream of a NI STEMS file (.stem.mp4): 0 mixture, 1 drums, 2 bass, 3 other, 4 vocals. Ignored for other formats.</summary>
    public int Stem { get; init; }

    /// <summary>A stable text form (invariant culture, round-trip numbers) for cache keys.</summary>
    public string CanonicalString => string.Create(CultureInfo.InvariantCulture,
        $"sr={SampleRate?.ToString(CultureInfo.InvariantCulture) ?? "native"};mono={Mono};offset={Offset:R};duration={(Duration is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "all")};stem={Stem}");

    internal void Validate()
    {
        if (SampleRate is <= 0)
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The target sample rate must be positive.");
        if (Offset < 0 || !double.IsFinite(Offset))
            throw new ArgumentOutOfRangeException(nameof(Offset), Offset, "The offset must be a finite number of seconds ≥ 0.");
        if (Duration is { } d && (d < 0 || !double.IsFinite(d)))
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "The duration must be a finite number of seconds ≥ 0.");
        if (Stem < 0)
            throw new ArgumentOutOfRangeException(nameof(Stem), Stem, "The stem index must be ≥ 0 (0 mixture, 1 drums, 2 bass, 3 other, 4 vocals).");
    }
}
