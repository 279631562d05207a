namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// What to render: <paramref name="Tracks"/> pieces (the test subset for musdb18hq) composed from <paramref name="Seed"/>
/// (or the first of the .mid files in <paramref name="MidiFolder"/>), each about <paramref name="Duration"/> seconds,
/// played with <paramref name="SoundFont"/> (null: <see cref="Rendering.SoundFont.Default"/>) at 44.1 kHz.
/// </summary>
public sealed record RenderOptions(int Tracks = 4, int Seed = 0, double? Duration = null, string? MidiFolder = null, string? SoundFont = null)
{
    public const int SampleRate = 44100;

    /// <summary>Seconds of audio after the last bar, so the last notes ring out (annotated as silence).</summary>
    public const double Tail = 1.5;

    /// <summary>musdb18hq: tracks of the train subset (composed from other seeds than the test tracks).</summary>
    public int TrainTracks { get; init; }

    /// <summary>maps: the instrument set folder (default AkPnBcht, which every MAPS reader accepts).</summary>
    public string MapsSet { get; init; } = "AkPnBcht";

    /// <summary>maps: the GM piano program (0–7) of the set, for every MUS piece and ISOL note (a MAPS set is one piano).</summary>
    public int MapsProgram { get; init; }

    /// <summary>maps: the ISOL/NO nuances to render (P, M, F); empty for none.</summary>
    public IReadOnlyList<char> IsolatedNuances { get; init; } = ['P', 'M', 'F'];

    /// <summary>maps: the lowest and highest pitch of the ISOL/NO notes (the piano's 21–108 by default).</summary>
    public (int Low, int High) IsolatedRange { get; init; } = (21, 108);

    /// <summary>The FluidSynth program (tests point it at a missing one).</summary>
    public string FluidSynthProgram { get; init; } = "fluidsynth";

    public void Check()
    {
        if (Tracks < 0 || TrainTracks < 0) throw new ArgumentOutOfRangeException(nameof(Tracks), Tracks, "Track counts cannot be negative.");
        if (Duration is { } d && !(d >= 5 && d <= 900))
            throw new ArgumentOutOfRangeException(nameof(Duration), d, "Duration must be between 5 and 900 seconds.");
        if (IsolatedRange.Low < Maps.LowestPianoKey || IsolatedRange.High > Maps.HighestPianoKey || IsolatedRange.Low > IsolatedRange.High)
            throw new ArgumentOutOfRangeException(nameof(IsolatedRange), IsolatedRange, $"ISOL pitches must lie within {Maps.LowestPianoKey}–{Maps.HighestPianoKey}.");
        if (MapsProgram is < 0 or > 7) throw new ArgumentOutOfRangeException(nameof(MapsProgram), MapsProgram, "A MAPS set plays a GM piano program, 0–7.");
        if (MapsSet.Length == 0 || MapsSet.Any(c => !char.IsAsciiLetterOrDigit(c)))
            throw new ArgumentOutOfRangeException(nameof(MapsSet), MapsSet, "A MAPS set name is letters and digits (e.g. AkPnBcht).");
        if (IsolatedNuances.Any(n => n is not ('P' or 'M' or 'F')))
            throw new ArgumentOutOfRangeException(nameof(IsolatedNuances), string.Join(",", IsolatedNuances), "ISOL nuances are P, M and F.");
        if (MidiFolder is not null && !Directory.Exists(MidiFolder))
            throw new RenderException($"MIDI folder '{MidiFolder}' does not exist.");
    }

    /// <summary>
    /// The seed of composed piece <paramref name="index"/> of a subset (<paramref name="salt"/>: the corpus kind and
    /// subset): the same seed gives the same MIDI, whatever the track count.
    /// </summary>
    public int PieceSeed(int index, int salt) => unchecked(Seed * 1_000_003 + index * 7_919 + salt * 104_729);
}
