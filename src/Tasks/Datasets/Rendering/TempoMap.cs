namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// Ticks to seconds through a MIDI tempo map: t(k) = Σ over the tempo segments before tick k of Δticks · µs per quarter
/// / (ticks per quarter · 10⁶). Before the first Set Tempo event the tempo is MIDI's default, 120 bpm.
/// </summary>
public sealed record TempoMap
{
    public const int DefaultMicrosecondsPerQuarter = 500_000;

    private readonly TempoChange[] changes;
    private readonly double[] startSeconds;

    public TempoMap(int ticksPerQuarter, IEnumerable<TempoChange> changes)
    {
        if (ticksPerQuarter <= 0) throw new ArgumentOutOfRangeException(nameof(ticksPerQuarter), ticksPerQuarter, "Ticks per quarter note must be positive.");
        TicksPerQuarter = ticksPerQuarter;
        // A later event at the same tick wins, as in a MIDI player.
        var sorted = changes.GroupBy(c => c.Tick).Select(g => g.Last()).OrderBy(c => c.Tick).ToList();
        if (sorted.Count == 0 || sorted[0].Tick > 0) sorted.Insert(0, new TempoChange(0, DefaultMicrosecondsPerQuarter));
        this.changes = sorted.ToArray();
        startSeconds = new double[this.changes.Length];
        for (var i = 1; i < this.changes.Length; i++)
            startSeconds[i] = startSeconds[i - 1] + SegmentSeconds(this.changes[i - 1], this.changes[i].Tick - this.changes[i - 1].Tick);
    }

    public int TicksPerQuarter { get; }

    public IReadOnlyList<TempoChange> Changes => changes;

    public double Seconds(long tick)
    {
        var i = changes.Length - 1;
        while (i > 0 && changes[i].Tick > tick) i--;
        return startSeconds[i] + SegmentSeconds(changes[i], tick - changes[i].Tick);
    }

    private double SegmentSeconds(TempoChange tempo, long ticks) => ticks * (double)tempo.MicrosecondsPerQuarter / (TicksPerQuarter * 1e6);
}
