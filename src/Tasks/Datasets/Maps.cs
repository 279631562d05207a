using System.Globalization;
using System.Text;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets;

// MAPS (MIDI Aligned Piano Sounds): about 65 hours of piano audio with aligned MIDI, recorded on a Yamaha Disklavier
// (ENSTDkAm, ENSTDkCl) or rendered by software pianos (the seven other sets). The toolbox reads the MUS folder of one set:
// 30 pieces per set, `<SET>/MUS/MAPS_MUS-<piece>_<SET>.{wav,txt,mid}`, 44.1 kHz stereo.
// Cite: V. Emiya, R. Badeau, B. David, "Multipitch estimation of piano sounds using a new probabilistic spectral
// smoothness principle", IEEE Trans. Audio, Speech and Language Processing 18(6), 2010.

/// <summary>MAPS parsers and layout quirks. The seed reads MAPS itself (not through mirdata); this follows its reading.</summary>
public static class Maps
{
    /// <summary>The seed loads the first 30 s of audio and stops the notes at the first onset after it.</summary>
    public const double SeedCropSeconds = 30.0;

    /// <summary>The nine instrument sets of MAPS. Other set folders in the same layout (a user's own piano recordings, a
    /// rendered corpus) are read too.</summary>
    public static readonly IReadOnlyList<string> Sets =
        ["AkPnBcht", "AkPnBsdf", "AkPnCGdD", "AkPnStgb", "ENSTDkAm", "ENSTDkCl", "SptkBGAm", "SptkBGCl", "StbgTGd2"];

    public const int LowestPianoKey = 21;
    public const int HighestPianoKey = 108;

    /// <summary>
    /// Notes of a MAPS .txt file: header `OnsetTime OffsetTime MidiPitch`, then TAB-separated `onset offset pitch` rows
    /// sorted by onset. With a crop, stops at the first note whose onset is after it (its offset may lie beyond; kept as is).
    /// </summary>
    public static IReadOnlyList<Note> LoadNotes(string path, double? cropSeconds = SeedCropSeconds)
    {
        var lines = AnnotationFile.Lines(path);
        if (lines.Count == 0 || !IsHeader(lines[0].Text))
            throw new AnnotationFormatException(path, lines.Count == 0 ? null : lines[0].Number,
                "expected the header 'OnsetTime\tOffsetTime\tMidiPitch' as the first line");
        var notes = new List<Note>();
        foreach (var (number, text) in lines.Skip(1))
        {
            var fields = AnnotationFile.Fields(path, number, text.Trim(), '\t', 3);
            var onset = AnnotationFile.Seconds(path, number, fields[0], "onset");
            var offset = AnnotationFile.Seconds(path, number, fields[1], "offset");
            var pitch = AnnotationFile.Integer(path, number, fields[2], "MIDI pitch");
            if (onset < 0) throw new AnnotationFormatException(path, number, $"negative onset {onset}");
            if (offset < onset) throw new AnnotationFormatException(path, number, $"offset {offset} before onset {onset}");
            if (pitch is < LowestPianoKey or > HighestPianoKey)
                throw new AnnotationFormatException(path, number, $"MIDI pitch {pitch} outside the piano range {LowestPianoKey}–{HighestPianoKey}");
            if (cropSeconds is { } crop && onset > crop) break;
            notes.Add(new Note(onset, offset, pitch));
        }
        return notes;
    }

    /// <summary>The header row; some copies have trailing spaces or another case.</summary>
    internal static bool IsHeader(string line)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 3 && fields[0].Equals("OnsetTime", StringComparison.OrdinalIgnoreCase)
            && fields[1].Equals("OffsetTime", StringComparison.OrdinalIgnoreCase)
            && fields[2].Equals("MidiPitch", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The MUS folders of a set. ENSTDkAm comes split in the download as ENSTDkAm1/ENSTDkAm and ENSTDkAm2/ENSTDkAm;
    /// the seed merges them into ENSTDkAm/ on disk. Here they are read where they are, as one set, without moving files.
    /// </summary>
    public static IReadOnlyList<string> MusFolders(string root, string set)
    {
        var folders = new List<string> { Path.Combine(root, set, "MUS") };
        if (set == "ENSTDkAm")
        {
            folders.Add(Path.Combine(root, "ENSTDkAm1", "ENSTDkAm", "MUS"));
            folders.Add(Path.Combine(root, "ENSTDkAm2", "ENSTDkAm", "MUS"));
        }
        return folders.Where(Directory.Exists).ToArray();
    }

    /// <summary>
    /// The sets present under a root: the official sets that have a MUS folder (ENSTDkAm also in its split download),
    /// then every other folder with the same layout, `&lt;SET&gt;/MUS/`, in name order.
    /// </summary>
    public static IReadOnlyList<string> SetsIn(string root)
    {
        if (!Directory.Exists(root)) return [];
        var others = Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Where(name => !Sets.Contains(name) && Directory.Exists(Path.Combine(root, name, "MUS")))
            .Order(StringComparer.Ordinal);
        return Sets.Where(set => MusFolders(root, set).Count > 0).Concat(others).ToArray();
    }

    /// <summary>Track id as the seed makes it: the file name up to its first dot.</summary>
    public static string TrackId(string path)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.');
        return dot < 0 ? name : name[..dot];
    }
}

/// <summary>One MAPS piece: its WAV and its note list (loaded on first use, cropped like the seed).</summary>
public sealed record MapsTrack(string Id, string Set, string AudioPath, string NotesPath, double? Duration) : INoteTrack
{
    private readonly Lazy<IReadOnlyList<Note>> notes = new(() => Maps.LoadNotes(NotesPath, Duration));

    public IReadOnlyList<Note> Notes => notes.Value;
}

/// <summary>
/// MAPS in its official layout: `root/&lt;SET&gt;/MUS/*.{wav,txt}` for the chosen sets (default: every set present, the nine
/// official ones and any other folder in that layout).
/// </summary>
public sealed class MapsDataset : IIsolatedNotes
{
    private readonly Lazy<IReadOnlyDictionary<string, MapsTrack>> tracks;
    private readonly IReadOnlyList<string>? askedFor;
    private readonly Lazy<IReadOnlyList<string>> setsRead;

    public MapsDataset(string root, IReadOnlyList<string>? sets = null, double? cropSeconds = Maps.SeedCropSeconds)
    {
        Root = root;
        CropSeconds = cropSeconds;
        var bad = sets?.FirstOrDefault(s => s.Length == 0 || s is "." or ".." || s.IndexOfAny(['/', '\\']) >= 0);
        if (bad is not null)
            throw new ArgumentException($"MAPS set '{bad}' is not a folder name under the root (e.g. AkPnBcht, or your own set's folder).", nameof(sets));
        askedFor = sets;
        setsRead = new(() => sets ?? Maps.SetsIn(root));
        tracks = new(Index);
    }

    public string Name => "maps";
    public string Root { get; }
    public double? CropSeconds { get; }

    /// <summary>The sets chosen, or (default) every set present under the root.</summary>
    public IReadOnlyList<string> ChosenSets => setsRead.Value;

    public IReadOnlyList<string> TrackIds() => tracks.Value.Keys.Order(StringComparer.Ordinal).ToArray();

    public MapsTrack Track(string id) =>
        tracks.Value.TryGetValue(id, out var track) ? track : throw new KeyNotFoundException($"No MAPS track '{id}' under {Root}.");

    ITrack IDataset.Track(string id) => Track(id);

    public IReadOnlyList<DatasetProblem> Validate()
    {
        if (!Directory.Exists(Root)) return [new DatasetProblem(Root, "dataset root not found")];
        var problems = new List<DatasetProblem>();
        if (tracks.Value.Count == 0)
            problems.Add(new DatasetProblem(Root, askedFor is null
                ? "no <SET>/MUS/*.wav found in any set folder"
                : $"no <SET>/MUS/*.wav found for sets {string.Join(", ", ChosenSets)}"));
        else if (askedFor is not null)
            problems.AddRange(askedFor.Where(set => !tracks.Value.Values.Any(t => t.Set == set))
                .Select(set => new DatasetProblem(Path.Combine(Root, set, "MUS"), $"set '{set}' chosen but no piece found")));
        foreach (var id in TrackIds())
        {
            var track = Track(id);
            if (AudioFileCheck.Problem(track.AudioPath) is { } audio) problems.Add(new DatasetProblem(track.AudioPath, audio));
            if (AnnotationFile.Check(track.NotesPath, () => Maps.LoadNotes(track.NotesPath, null)) is { } notes) problems.Add(notes);
        }
        return problems;
    }

    /// <summary>The ISOL/NO notes of the sets read.</summary>
    public IReadOnlyList<MapsIsolatedNote> IsolatedNotes() => MapsIsolatedNotes.Find(Root, ChosenSets);

    /// <summary>&lt;SET&gt;/ISOL/NO of the sets that have pieces, else of the sets asked for.</summary>
    public IReadOnlyList<string> IsolatedNoteFolders()
    {
        var sets = TrackIds().Select(id => Track(id).Set).Distinct().ToArray();
        return (sets.Length > 0 ? sets : ChosenSets).Select(set => Path.Combine(Root, set, "ISOL", "NO")).ToArray();
    }

    /// <summary>The sets read and their piece counts, sets outside the official nine marked.</summary>
    public IReadOnlyList<string> Notes()
    {
        var counts = tracks.Value.Values.GroupBy(t => t.Set).ToDictionary(g => g.Key, g => g.Count());
        var found = ChosenSets.Where(counts.ContainsKey)
            .Select(set => $"{set} ({counts[set]} piece{(counts[set] == 1 ? "" : "s")}"
                + $"{(Maps.Sets.Contains(set) ? "" : ", not an official MAPS set")})").ToArray();
        return found.Length == 0 ? [] : [$"MAPS sets found: {string.Join(", ", found)}"];
    }

    private IReadOnlyDictionary<string, MapsTrack> Index()
    {
        var index = new Dictionary<string, MapsTrack>(StringComparer.Ordinal);
        foreach (var set in ChosenSets)
        foreach (var folder in Maps.MusFolders(Root, set))
        {
            var ids = Directory.EnumerateFiles(folder, "*.wav").Concat(Directory.EnumerateFiles(folder, "*.txt"))
                .Select(Maps.TrackId).Distinct().Order(StringComparer.Ordinal);
            foreach (var id in ids)
                index.TryAdd(id, new MapsTrack(id, set, Path.Combine(folder, id + ".wav"), Path.Combine(folder, id + ".txt"), CropSeconds));
        }
        return index;
    }
}

/// <summary>A planted MAPS-like piece: its track id, notes (sorted by onset, then pitch) and length in seconds.</summary>
public sealed record MapsPiece(string Id, IReadOnlyList<Note> Notes, double Duration);

/// <summary>
/// MAPS-like pieces: `AkPnBcht/MUS/MAPS_MUS-synthNN_AkPnBcht.{wav,txt}`, 44.1 kHz stereo 16-bit (notes panned apart with SynthesisOptions.Panned), additive piano tones
/// (inharmonic partials, exponential decay) with the .txt listing exactly the notes played. No .mid is written.
/// </summary>
public sealed class MapsSynth : ISyntheticCorpus
{
    public const string Set = "AkPnBcht";
    public const double DefaultDuration = 15;
    public const int DefaultSampleRate = 44100;

    public string Dataset => "maps";

    public static IReadOnlyList<MapsPiece> Plan(SynthesisOptions options)
    {
        options.Check();
        var duration = options.Duration ?? DefaultDuration;
        return Enumerable.Range(0, options.Tracks).Select(i => Piece(i, duration, options.TrackRandom(i, 1))).ToArray();
    }

    private static MapsPiece Piece(int index, double duration, Random random)
    {
        var notes = new List<Note>();
        // Onsets and offsets on a 10 ms grid, so the 6-decimal text is exact.
        var t = 0.2 + 0.01 * random.Next(0, 20);
        var lastOffset = duration - 0.3;
        while (t < lastOffset - 0.15)
        {
            var voices = random.NextDouble() < 0.3 ? random.Next(2, 4) : 1;
            var used = new HashSet<int>();
            for (var v = 0; v < voices; v++)
            {
                var pitch = random.NextDouble() < 0.1 ? random.Next(Maps.LowestPianoKey, Maps.HighestPianoKey + 1) : random.Next(40, 89);
                if (!used.Add(pitch)) continue;
                var offset = Math.Min(lastOffset, t + 0.01 * random.Next(15, 120));
                notes.Add(new Note(Math.Round(t, 2), Math.Round(offset, 2), pitch));
            }
            t += 0.01 * random.Next(12, 60);
        }
        var sorted = notes.OrderBy(n => n.Onset).ThenBy(n => n.MidiPitch).ToArray();
        return new MapsPiece($"MAPS_MUS-synth{index + 1:D2}_{Set}", sorted, duration);
    }

    public void Write(string root, SynthesisOptions options)
    {
        var sampleRate = options.SampleRate ?? DefaultSampleRate;
        var folder = Path.Combine(root, Set, "MUS");
        Directory.CreateDirectory(folder);
        foreach (var (piece, i) in Plan(options).Select((p, i) => (p, i)))
        {
            var random = options.TrackRandom(i, 2);
            var audio = new float[(int)Math.Round(piece.Duration * sampleRate)];
            if (options.Panned)
            {
                WritePanned(Path.Combine(folder, piece.Id + ".wav"), piece, sampleRate, random, options.TrackRandom(i, 3));
            }
            else
            {
                foreach (var note in piece.Notes)
                    HarmonicTone.Add(audio, sampleRate, note.Onset, note.Offset, note.MidiPitch, 0.2 + 0.3 * random.NextDouble(), Timbre.Piano);
                PcmWav.Normalise(audio, 0.8, audio);
                var right = audio.Select(x => 0.95f * x).ToArray();
                PcmWav.Write(Path.Combine(folder, piece.Id + ".wav"), sampleRate, audio, right);
            }
            File.WriteAllText(Path.Combine(folder, piece.Id + ".txt"), NotesText(piece.Notes));
        }
    }

    /// <summary>
    /// Each note at pan p ~ U[0, 1] (its own seeded stream, so the notes and loudnesses match the unpanned piece), with
    /// constant-power gains left = cos(p·π/2), right = sin(p·π/2); both channels scaled together to a 0.8 peak.
    /// </summary>
    private static void WritePanned(string path, MapsPiece piece, int sampleRate, Random loudness, Random pan)
    {
        var left = new float[(int)Math.Round(piece.Duration * sampleRate)];
        var right = new float[left.Length];
        foreach (var note in piece.Notes)
        {
            var amplitude = 0.2 + 0.3 * loudness.NextDouble();
            var angle = pan.NextDouble() * Math.PI / 2;
            HarmonicTone.Add(left, sampleRate, note.Onset, note.Offset, note.MidiPitch, amplitude * Math.Cos(angle), Timbre.Piano);
            HarmonicTone.Add(right, sampleRate, note.Onset, note.Offset, note.MidiPitch, amplitude * Math.Sin(angle), Timbre.Piano);
        }
        var louder = left.Max(MathF.Abs) >= right.Max(MathF.Abs) ? left : right;
        PcmWav.Normalise(louder, 0.8, left, right);
        PcmWav.Write(path, sampleRate, left, right);
    }

    /// <summary>The MAPS .txt format: header, then `onset TAB offset TAB pitch` with six decimals.</summary>
    public static string NotesText(IEnumerable<Note> notes)
    {
        var text = new StringBuilder("OnsetTime\tOffsetTime\tMidiPitch\n");
        foreach (var n in notes)
            text.Append(CultureInfo.InvariantCulture, $"{n.Onset:F6}\t{n.Offset:F6}\t{n.MidiPitch}\n");
        return text.ToString();
    }
}
