namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// The General MIDI programs (0-based) a composed piece draws its instruments from, one per part and piece.
/// </summary>
public static class InstrumentPools
{
    /// <summary>Accompaniment ('other'): pianos, electric pianos, drawbar/rock organ, nylon/steel/clean/muted guitar.</summary>
    public static readonly IReadOnlyList<int> Other = [0, 1, 4, 5, 16, 18, 24, 25, 27, 28];

    /// <summary>Acoustic, finger, pick, fretless bass and two synth basses.</summary>
    public static readonly IReadOnlyList<int> Bass = [32, 33, 34, 35, 38, 39];

    /// <summary>Voice-like leads ('vocals'): choir aahs, voice oohs, synth voice, soprano/alto sax, flute, voice lead.</summary>
    public static readonly IReadOnlyList<int> Vocals = [52, 53, 54, 64, 65, 73, 85];
}
