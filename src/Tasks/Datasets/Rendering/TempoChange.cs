namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>A MIDI Set Tempo event: from <paramref name="Tick"/> on, a quarter note lasts this many microseconds.</summary>
public sealed record TempoChange(long Tick, int MicrosecondsPerQuarter)
{
    public double Bpm => 60_000_000.0 / MicrosecondsPerQuarter;

    public static TempoChange FromBpm(long tick, double bpm) => new(tick, (int)Math.Round(60_000_000.0 / bpm));
}
