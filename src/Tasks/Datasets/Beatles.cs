using System.Globalization;
using System.Text;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets;

// The Beatles (Isophonics): the 180 songs of the Beatles' 12 studio albums with chord, key, segment and beat annotations
// made at Queen Mary, University of London (C4DM). Read as mirdata's `beatles` loader (index 1.2) reads them:
// annotations/{seglab,beat}/The Beatles/<album>/<track>.{lab,txt}, audio/<album>/<track>.wav.
// Cite: M. Mauch, C. Cannam, M. Davies, S. Dixon, C. Harte, S. Kolozali, D. Tidhar, M. Sandler, "OMRAS2 metadata
// project 2009", ISMIR 2009 late-breaking session.

/// <summary>Beatles (Isophonics) parsers, paths and format quirks.</summary>
public static class Beatles
{
    public const string Artist = "The Beatles";
    public const string NewPoint = "New Point";

    /// <summary>The seed's Beatles dataloader passes its arguments by position and runs with hop 96 and n_fft 32.</summary>
    public const int SeedHop = 96;
    public const int SeedNFft = 32;

    public static string SeglabFolder(string root) => Path.Combine(root, "annotations", "seglab", Artist);
    public static string BeatFolder(string root) => Path.Combine(root, "annotations", "beat", Artist);
    public static string AudioFolder(string root) => Path.Combine(root, "audio");

    /// <summary>Sections of a seglab file: `start TAB end TAB (empty) TAB label`, seconds.</summary>
    public static IReadOnlyList<Section> LoadSections(string path)
    {
        var sections = new List<Section>();
        foreach (var (number, text) in AnnotationFile.Lines(path))
        {
            var (start, end, label) = SeglabFields(path, number, text);
            var s = AnnotationFile.Seconds(path, number, start, "start");
            var e = AnnotationFile.Seconds(path, number, end, "end");
            if (e < s) throw new AnnotationFormatException(path, number, $"section ends ({e}) before it starts ({s})");
            sections.Add(new Section(s, e, label));
        }
        if (sections.Count == 0) throw new AnnotationFormatException(path, null, "no sections");
        return sections;
    }

    /// <summary>
    /// The label is the 4th TAB field (the 3rd is empty). Files with three TAB fields, or with spaces instead of TABs
    /// (older copies of the archive), put it third; both are read.
    /// </summary>
    internal static (string Start, string End, string Label) SeglabFields(string path, int number, string text)
    {
        var tabbed = text.Split('\t');
        if (tabbed.Length >= 4) return (tabbed[0], tabbed[1], tabbed[3].Trim());
        if (tabbed.Length == 3) return (tabbed[0], tabbed[1], tabbed[2].Trim());
        var spaced = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (spaced.Length == 3) return (spaced[0], spaced[1], spaced[2].Trim());
        throw new AnnotationFormatException(path, number, $"expected 'start TAB end TAB TAB label', found '{text}'");
    }

    /// <summary>Beats: `time SEP position` (TAB or spaces); `New Point` positions are inferred from neighbours, 0 becomes 4.</summary>
    public static IReadOnlyList<Beat> LoadBeats(string path)
    {
        var times = new List<double>();
        var positions = new List<string>();
        foreach (var (number, text) in AnnotationFile.Lines(path))
        {
            var fields = text.Trim().Split(['\t', ' '], 2, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2) throw new AnnotationFormatException(path, number, $"expected 'time position', found '{text}'");
            times.Add(AnnotationFile.Seconds(path, number, fields[0], "beat time"));
            var position = fields[1].Trim();
            if (position != NewPoint) AnnotationFile.Integer(path, number, position, "beat position");
            positions.Add(position);
        }
        var fixedPositions = FixNewPoints(path, positions);
        return times.Select((t, i) => new Beat(t, fixedPositions[i])).ToArray();
    }

    /// <summary>
    /// mirdata `_fix_newpoint`: a `New Point` takes (next − 1) mod 4, or (previous + 1) mod 4 when it is the last beat,
    /// repeated until none is left; then position 0 reads as 4.
    /// </summary>
    internal static int[] FixNewPoints(string path, List<string> positions)
    {
        var p = positions.ToArray();
        while (p.Contains(NewPoint))
        {
            var changed = false;
            for (var i = 0; i < p.Length; i++)
            {
                if (p[i] != NewPoint) continue;
                if (i < p.Length - 1 && p[i + 1] != NewPoint) { p[i] = Mod4(int.Parse(p[i + 1]) - 1); changed = true; }
                else if (i == p.Length - 1 && i > 0 && p[i - 1] != NewPoint) { p[i] = Mod4(int.Parse(p[i - 1]) + 1); changed = true; }
            }
            if (!changed) throw new AnnotationFormatException(path, null, "beat positions are all 'New Point'; none can be inferred");
        }
        return p.Select(s => int.Parse(s) is var v && v == 0 ? 4 : v).ToArray();
    }

    private static string Mod4(int v) => (((v % 4) + 4) % 4).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// mirdata's ids: album number + track number, `01_-_Please_Please_Me/11_-_Do_You…` → `0111`; for the double album the
    /// CD number sits between them, `10CD2_-_The_Beatles/CD2_-_12_-_Revolution_9` → `10212`.
    /// </summary>
    public static string TrackId(string album, string track)
    {
        var albumNumber = new string(album.TakeWhile(char.IsAsciiDigit).ToArray());
        var rest = track.StartsWith("CD", StringComparison.Ordinal) ? track[2..] : track;
        var parts = rest.Split("_-_");
        var digits = string.Concat(parts.TakeWhile(p => p.Length > 0 && p.All(char.IsAsciiDigit)));
        if (albumNumber.Length == 0 || digits.Length == 0)
            throw new FormatException($"Cannot make a Beatles track id from '{album}/{track}': expected 'NN_-_Album/NN_-_Title'.");
        return albumNumber + digits;
    }
}

/// <summary>One Beatles song: audio, seglab sections, beats (each loaded on first use), and the seed's framing of it.</summary>
public sealed record BeatlesTrack(string Id, string Album, string Title, string AudioPath, string SectionsPath, string BeatsPath)
    : IStructureTrack, ISeedFraming
{
    private readonly Lazy<IReadOnlyList<Section>> sections = new(() => Beatles.LoadSections(SectionsPath));
    private readonly Lazy<IReadOnlyList<Beat>?> beats = new(() => File.Exists(BeatsPath) ? Beatles.LoadBeats(BeatsPath) : null);

    public IReadOnlyList<Section> Sections => sections.Value;
    public IReadOnlyList<Beat>? Beats => beats.Value;
    public int SeedHop => Beatles.SeedHop;
    public int SeedNFft => Beatles.SeedNFft;
}

/// <summary>The Beatles (Isophonics). Tracks are the songs with a seglab file or audio; ids as in mirdata.</summary>
public sealed class BeatlesDataset : IDataset
{
    private readonly Lazy<IReadOnlyDictionary<string, BeatlesTrack>> tracks;
    private readonly List<DatasetProblem> indexProblems = [];

    public BeatlesDataset(string root)
    {
        Root = root;
        tracks = new(Index);
    }

    public string Name => "beatles";
    public string Root { get; }

    public IReadOnlyList<string> TrackIds() => tracks.Value.Keys.Order(StringComparer.Ordinal).ToArray();

    public BeatlesTrack Track(string id) =>
        tracks.Value.TryGetValue(id, out var t) ? t : throw new KeyNotFoundException($"No Beatles track '{id}' under {Root}.");

    ITrack IDataset.Track(string id) => Track(id);

    public IReadOnlyList<DatasetProblem> Validate()
    {
        if (!Directory.Exists(Root)) return [new DatasetProblem(Root, "dataset root not found")];
        var index = tracks.Value;
        var problems = new List<DatasetProblem>(indexProblems);
        if (index.Count == 0) problems.Add(new DatasetProblem(Beatles.SeglabFolder(Root), "no Beatles tracks found (no seglab files or audio)"));
        foreach (var track in index.Values.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            if (AudioFileCheck.Problem(track.AudioPath) is { } audio) problems.Add(new DatasetProblem(track.AudioPath, audio));
            if (AnnotationFile.Check(track.SectionsPath, () => Beatles.LoadSections(track.SectionsPath)) is { } s) problems.Add(s);
            if (File.Exists(track.BeatsPath) && AnnotationFile.Check(track.BeatsPath, () => Beatles.LoadBeats(track.BeatsPath)) is { } b)
                problems.Add(b);
        }
        return problems;
    }

    private IReadOnlyDictionary<string, BeatlesTrack> Index()
    {
        var songs = new SortedSet<(string Album, string Title)>();
        void Collect(string folder, string extension)
        {
            if (!Directory.Exists(folder)) return;
            foreach (var album in Directory.EnumerateDirectories(folder))
            foreach (var file in Directory.EnumerateFiles(album, "*" + extension))
                songs.Add((Path.GetFileName(album), Path.GetFileNameWithoutExtension(file)));
        }
        Collect(Beatles.SeglabFolder(Root), ".lab");
        Collect(Beatles.AudioFolder(Root), ".wav");
        var index = new Dictionary<string, BeatlesTrack>(StringComparer.Ordinal);
        foreach (var (album, title) in songs)
        {
            string id;
            try { id = Beatles.TrackId(album, title); }
            catch (FormatException e)
            {
                indexProblems.Add(new DatasetProblem(Path.Combine(album, title), e.Message));
                continue;
            }
            var track = new BeatlesTrack(id, album, title,
                Path.Combine(Beatles.AudioFolder(Root), album, title + ".wav"),
                Path.Combine(Beatles.SeglabFolder(Root), album, title + ".lab"),
                Path.Combine(Beatles.BeatFolder(Root), album, title + ".txt"));
            if (!index.TryAdd(id, track))
                indexProblems.Add(new DatasetProblem(track.SectionsPath, $"track id {id} also used by {index[id].SectionsPath}"));
        }
        return index;
    }
}

/// <summary>
/// Beatles-like songs in the Isophonics/mirdata layout: one album `01_-_Synthetic_Sessions`, songs
/// `NN_-_Planted_Song_NN` (ids 01NN), seglab sections (4 TAB fields, the third empty), beat files (`time TAB position`)
/// and audio/&lt;album&gt;/&lt;song&gt;.wav. Planted labels: silence, verse (A), refrain (B), bridge (C).
/// </summary>
public sealed class BeatlesSynth : ISyntheticCorpus
{
    public const string Album = "01_-_Synthetic_Sessions";

    public string Dataset => "beatles";

    public static IReadOnlyList<StructureSong> Plan(SynthesisOptions options)
    {
        if (options.Tracks > 99) throw new ArgumentOutOfRangeException(nameof(options), options.Tracks, "The synthetic Beatles album holds at most 99 songs.");
        return StructureSong.Corpus(options, 6);
    }

    public static string Title(int index) => $"{index + 1:D2}_-_Planted_Song_{index + 1:D2}";

    public static string TrackId(int index) => Beatles.TrackId(Album, Title(index));

    public static string Label(string label) => label switch
    {
        SongPlan.Silence => "silence",
        "A" => "verse",
        "B" => "refrain",
        "C" => "bridge",
        "I" => "intro",
        _ => "outro",
    };

    public void Write(string root, SynthesisOptions options)
    {
        var sampleRate = options.SampleRate ?? StructureSong.DefaultSampleRate;
        foreach (var song in Plan(options))
        {
            var title = Title(song.Index);
            PcmWav.Write(Path.Combine(Beatles.AudioFolder(root), Album, title + ".wav"), sampleRate, song.RenderMono(sampleRate));
            WriteAnnotations(root, Album, title, song.Plan.Annotation);
        }
    }

    /// <summary>The seglab sections and the beat file of one song.</summary>
    public static void WriteAnnotations(string root, string album, string title, StructureAnnotation annotation)
    {
        var seglab = new StringBuilder();
        foreach (var s in annotation.Sections)
            seglab.Append(CultureInfo.InvariantCulture, $"{s.Start:F6}\t{s.End:F6}\t\t{Label(s.Label)}\n");
        var beats = new StringBuilder();
        foreach (var b in annotation.Beats)
            beats.Append(CultureInfo.InvariantCulture, $"{b.Time:F6}\t{b.PositionInBar}\n");
        AnnotationWriter.Write(Path.Combine(Beatles.SeglabFolder(root), album, title + ".lab"), seglab);
        AnnotationWriter.Write(Path.Combine(Beatles.BeatFolder(root), album, title + ".txt"), beats);
    }
}
