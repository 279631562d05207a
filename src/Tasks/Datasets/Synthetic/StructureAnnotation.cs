namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>
/// What the structure corpora annotate, in seconds: sections labelled with codes (A verse, B chorus/refrain, C bridge,
/// I intro, O outro, <see cref="SongPlan.Silence"/>), every beat with its position in the bar, and the end of the audio.
/// </summary>
public sealed record StructureAnnotation(IReadOnlyList<PlannedSection> Sections, IReadOnlyList<Beat> Beats, double End)
{
    /// <summary>The first downbeat at or after half the section's bars (SALAMI's lowercase split); the section's start if it has no such beat.</summary>
    public double Middle(PlannedSection section)
    {
        var bar = section.FirstBar + section.BarCount / 2;
        var downbeats = Beats.Where(b => b.IsDownbeat).ToArray();
        return bar < downbeats.Length ? downbeats[bar].Time : section.Start;
    }
}
