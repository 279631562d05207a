using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// MAPS as it ships, one instrument set played by one GM piano program: `&lt;SET&gt;/MUS/MAPS_MUS-&lt;piece&gt;_&lt;SET&gt;.{wav,txt,mid}`
/// (composed piano pieces or the user's MIDI, drums left out) and the isolated notes
/// `&lt;SET&gt;/ISOL/NO/MAPS_ISOL_NO_&lt;P|M|F&gt;_S0_M&lt;pitch&gt;_&lt;SET&gt;.{wav,txt,mid}` (one note of 1 s at 0.5 s, velocity 40/70/100
/// for P/M/F, no sustain pedal). Audio 44.1 kHz stereo 16-bit; the .txt is read from the written .mid through its tempo map.
/// </summary>
public sealed class MapsRender : IRenderedCorpus
{
    public const int Salt = 11;

    /// <summary>MIDI velocities of the nuances piano, mezzo-forte, forte.</summary>
    public static readonly IReadOnlyDictionary<char, int> NuanceVelocity = new Dictionary<char, int> { ['P'] = 40, ['M'] = 70, ['F'] = 100 };

    /// <summary>
    /// One fixed gain for every ISOL note (FluidSynth's output at gain 0.5 peaks near 0.09 for a forte note of the MuseScore
    /// piano): the nuances keep their loudness differences and a piano note still spans enough of the 16-bit range.
    /// </summary>
    public const float IsolatedGain = 8;

    /// <summary>An isolated note starts at 0.5 s, is held 1 s, and its file lasts 3 s.</summary>
    public const double IsolatedOnset = 0.5, IsolatedLength = 1.0, IsolatedSpacing = 3.0;

    public string Kind => "maps";
    public string Dataset => "maps";

    public static string PieceId(string piece, string set) => $"MAPS_MUS-{piece}_{set}";

    public static string IsolatedId(char nuance, int pitch, string set) => $"MAPS_ISOL_NO_{nuance}_S0_M{pitch}_{set}";

    public static string PieceName(int index) => $"render{index + 1:D2}";

    public void Write(string root, RenderOptions options, IProgress<RenderStep>? progress = null)
    {
        var renderer = RenderedCorpora.Renderer(options);
        var pieces = PieceSource.Pieces(options, PieceSource.Style.Piano, options.Tracks, Salt, title: PieceName);
        foreach (var piece in pieces)
        {
            var outside = piece.Parts.Where(p => !p.IsDrums).SelectMany(p => p.Notes).FirstOrDefault(n => n.Pitch is < Maps.LowestPianoKey or > Maps.HighestPianoKey);
            if (outside is not null) throw new RenderException($"Piece '{piece.Title}': pitch {outside.Pitch} at tick {outside.Tick} is outside the piano's {Maps.LowestPianoKey}–{Maps.HighestPianoKey}.");
        }
        var nuances = options.IsolatedNuances.Distinct().ToArray();
        var total = pieces.Count + nuances.Length;
        var done = 0;
        using var staging = new Staging(root);
        foreach (var piece in pieces)
        {
            // The set's piano plays every part; drums have no place in MAPS.
            var piano = piece with { Parts = piece.Parts.Where(p => !p.IsDrums).Select(p => p with { Program = options.MapsProgram }).ToArray() };
            var id = PieceId(RenderedCorpora.FileSafe(piece.Title), options.MapsSet);
            var folder = Path.Combine(staging.Root, options.MapsSet, "MUS");
            WriteNote(renderer, staging, folder, id, piano);
            staging.Commit();
            progress?.Report(new RenderStep(++done, total, id));
        }
        foreach (var nuance in nuances)
        {
            WriteIsolated(renderer, staging, options, nuance);
            staging.Commit();
            progress?.Report(new RenderStep(++done, total, $"ISOL/NO {nuance} ({options.IsolatedRange.Low}–{options.IsolatedRange.High})"));
        }
    }

    /// <summary>The .mid, then the .txt of the notes read back from it, then the audio.</summary>
    private static void WriteNote(PieceRenderer renderer, Staging staging, string folder, string id, Piece piece)
    {
        var midi = Path.Combine(folder, id + ".mid");
        PieceMidi.Write(piece, midi);
        var written = PieceMidi.Read(midi);
        AnnotationWriter.Write(Path.Combine(folder, id + ".txt"), new System.Text.StringBuilder(MapsSynth.NotesText(written.Notes())));
        var audio = renderer.Whole(written, staging.Work);
        PcmWav.Write(Path.Combine(folder, id + ".wav"), renderer.SampleRate, audio);
    }

    /// <summary>
    /// Every pitch of the range at one nuance, rendered in one FluidSynth run (one note every 3 s) and cut into files,
    /// so the SoundFont is loaded once per nuance. A fixed gain (<see cref="IsolatedGain"/>) keeps the loudness differences between nuances.
    /// </summary>
    private static void WriteIsolated(PieceRenderer renderer, Staging staging, RenderOptions options, char nuance)
    {
        const int tpq = Composer.TicksPerQuarter;
        var tempo = new TempoMap(tpq, [new TempoChange(0, TempoMap.DefaultMicrosecondsPerQuarter)]);
        long Ticks(double seconds) => (long)Math.Round(seconds * 2 * tpq); // 120 bpm: a second is two quarters
        var pitches = Enumerable.Range(options.IsolatedRange.Low, options.IsolatedRange.High - options.IsolatedRange.Low + 1).ToArray();
        var velocity = NuanceVelocity[nuance];
        var notes = pitches.Select((p, k) => new PlayedNote(Ticks(k * IsolatedSpacing + IsolatedOnset), Ticks(IsolatedLength), p, velocity)).ToArray();
        var all = new Piece($"ISOL NO {nuance}", tempo, 4, tpq, [new SectionMark(0, "isolated notes")], Ticks(pitches.Length * IsolatedSpacing),
            [new Part("piano", Stem.Other, 1, options.MapsProgram, notes)]);
        var length = (int)Math.Round(pitches.Length * IsolatedSpacing * renderer.SampleRate);
        var audio = renderer.Play(all, all.Parts, length, staging.Work, $"isol-{nuance}");
        var folder = Path.Combine(staging.Root, options.MapsSet, "ISOL", "NO");
        var segment = (int)Math.Round(IsolatedSpacing * renderer.SampleRate);
        for (var k = 0; k < pitches.Length; k++)
        {
            var id = IsolatedId(nuance, pitches[k], options.MapsSet);
            var single = new Piece(id, tempo, 4, tpq, [new SectionMark(0, "note")], Ticks(IsolatedSpacing),
                [new Part("piano", Stem.Other, 1, options.MapsProgram, [new PlayedNote(Ticks(IsolatedOnset), Ticks(IsolatedLength), pitches[k], velocity)])]);
            var midi = Path.Combine(folder, id + ".mid");
            PieceMidi.Write(single, midi);
            AnnotationWriter.Write(Path.Combine(folder, id + ".txt"), new System.Text.StringBuilder(MapsSynth.NotesText(PieceMidi.Read(midi).Notes())));
            var channels = audio.Select(c => c.AsSpan(k * segment, segment).ToArray().Select(x => x * IsolatedGain).ToArray()).ToArray();
            PcmWav.Write(Path.Combine(folder, id + ".wav"), renderer.SampleRate, channels);
        }
    }
}
