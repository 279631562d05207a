namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>One MIDI note of a part: onset tick, length in ticks, pitch (MIDI number) and velocity (1–127).</summary>
public sealed record PlayedNote(long Tick, long Length, int Pitch, int Velocity)
{
    public long EndTick => Tick + Length;
}
