namespace NmfGrid.Tasks.Datasets;

/// <summary>One played note: onset and offset in seconds, pitch as a MIDI number (21–108 on a piano).</summary>
public sealed record Note(double Onset, double Offset, int MidiPitch);
