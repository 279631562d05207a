namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>A planted section: a label (A, B, C, … or <see cref="SongPlan.Silence"/>) and its span in bars of the song.</summary>
public sealed record PlannedSection(string Label, double Start, double End, int FirstBar, int BarCount);

/// <summary>
/// The planted structure of a synthetic song: a silent lead-in, sections of whole 4/4 bars at a steady tempo, a silent tail.
/// Sections with the same label repeat the same material. Tempi are chosen so every beat falls on the 10 ms grid
/// of the AIST annotations.
/// </summary>
public sealed record SongPlan(double Bpm, double LeadIn, double Tail, IReadOnlyList<PlannedSection> MusicalSections)
{
    public const string Silence = "silence";
    public const int BeatsPerBar = 4;

    /// <summary>Beat periods of 0.6, 0.5, 0.48 and 0.4 s: all multiples of 10 ms.</summary>
    public static readonly IReadOnlyList<double> Tempi = [100, 120, 125, 150];

    private static readonly string[] Forms = ["ABAB", "AABA", "ABCB", "ABAC", "ABBA"];

    public double BeatPeriod => 60.0 / Bpm;
    public double BarDuration => BeatsPerBar * BeatPeriod;
    public int BarCount => MusicalSections.Sum(s => s.BarCount);
    public double MusicEnd => Round(LeadIn + BarCount * BarDuration);
    public double End => Round(MusicEnd + Tail);

    /// <summary>All sections from 0 to the end: silence, the musical sections, silence.</summary>
    public IReadOnlyList<PlannedSection> Sections =>
        [new(Silence, 0, LeadIn, -1, 0), .. MusicalSections, new(Silence, MusicEnd, End, BarCount, 0)];

    /// <summary>Every beat of the musical part, with its position in the bar.</summary>
    public IReadOnlyList<Beat> Beats =>
        Enumerable.Range(0, BarCount * BeatsPerBar).Select(i => new Beat(Round(LeadIn + i * BeatPeriod), i % BeatsPerBar + 1)).ToArray();

    /// <summary>The sections, beats and end the structure corpora write.</summary>
    public StructureAnnotation Annotation => new(Sections, Beats, End);

    /// <summary>
    /// A plan lasting at most about <paramref name="duration"/> seconds (whole sections only, at least two of them):
    /// tempo from <see cref="Tempi"/>, 2-bar sections (4-bar from 16 bars on, 1-bar below 4 bars), the form cycled from a
    /// small set (ABAB, AABA, …).
    /// </summary>
    public static SongPlan Create(Random random, double duration)
    {
        var bpm = Tempi[random.Next(Tempi.Count)];
        var leadIn = 0.5;
        var tail = 0.5;
        var bar = BeatsPerBar * 60.0 / bpm;
        var bars = Math.Max(2, (int)Math.Floor((duration - leadIn - tail) / bar));
        var perSection = bars >= 16 ? 4 : bars >= 4 ? 2 : 1;
        var count = Math.Max(2, bars / perSection);
        var form = Forms[random.Next(Forms.Length)];
        var sections = new List<PlannedSection>();
        for (var i = 0; i < count; i++)
        {
            var start = Round(leadIn + i * perSection * bar);
            sections.Add(new PlannedSection(form[i % form.Length].ToString(), start, Round(start + perSection * bar), i * perSection, perSection));
        }
        return new SongPlan(bpm, leadIn, tail, sections);
    }

    /// <summary>Times are kept on a 1 µs grid so that text annotations round-trip exactly.</summary>
    internal static double Round(double seconds) => Math.Round(seconds, 6);
}
