namespace NmfGrid.Tasks.Metrics;

/// <summary>A transcribed or annotated note: onset and offset in seconds, pitch in Hz.</summary>
public readonly record struct Note(double Onset, double Offset, double PitchHz)
{
    public TimeInterval Interval => new(Onset, Offset);

    /// <summary>A note whose pitch is a MIDI number (integer or fractional): f = 440·2^((m−69)/12).</summary>
    public static Note FromMidi(double onset, double offset, double midi) =>
        new(onset, offset, MidiToHz(midi));

    public static double MidiToHz(double midi) => 440.0 * Math.Pow(2.0, (midi - 69.0) / 12.0);
}
