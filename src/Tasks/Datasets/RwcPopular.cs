using System.Globalization;
using System.Text;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets;

// RWC Music Database: Popular Music (RWC-MDB-P-2001): 100 Japanese and English pop songs recorded for research,
// ids RM-P001…RM-P100, on 7 CDs. AIST annotations: CHORUS (sections), BEAT (beats and downbeats), CHORD, VOCA_INST.
// The seed scores structure against the MIREX10 section annotations (Bimbot et al., "semiotic" blocks, from
// github.com/ax-le/mirex10_sections) rather than AIST CHORUS. Layout as mirdata's rwc_popular (index 1.0).
// Cite: M. Goto, H. Hashiguchi, T. Nishimura, R. Oka, "RWC Music Database: Popular, Classical, and Jazz Music Databases",
// ISMIR 2002; M. Goto, "AIST Annotation for the RWC Music Database", ISMIR 2006; for MIREX10: F. Bimbot, E. Deruty,
// G. Sargent, E. Vincent, "Methodology and conventions for the latent semiotic annotation of music structure", 2012.

/// <summary>Which section annotation an RWC Popular track is scored against.</summary>
public enum RwcSectionSource
{
    /// <summary>MIREX10 `RM-PXXX.BLOCKS.lab` (seconds, bar-count labels), as the seed uses.</summary>
    Mirex10,

    /// <summary>AIST `RM-PXXX.CHORUS.TXT` (10 ms units, quoted labels).</summary>
    AistChorus,
}

/// <summary>RWC Popular parsers, paths and format quirks.</summary>
public static class RwcPopular
{
    public const string ChorusFolder = "annotations/AIST.RWC-MDB-P-2001.CHORUS";
    public const string BeatFolder = "annotations/AIST.RWC-MDB-P-2001.BEAT";
    public const string Mirex10Folder = "annotations/mirex10_sections-main";
    public const string MetadataFile = "metadata-master/rwc-p.csv";

    /// <summary>AIST code of a bar start in BEAT files; 48, 96, 144 mark the following beats and −1 a line to ignore.</summary>
    public const int DownbeatCode = 384;

    public const int IgnoredBeatCode = -1;

    /// <summary>AIST CHORUS sections: `start TAB end TAB "label"`, times in units of 10 ms.</summary>
    public static IReadOnlyList<Section> LoadAistSections(string path)
    {
        var sections = new List<Section>();
        foreach (var (number, text) in AnnotationFile.Lines(path))
        {
            var fields = Columns(path, number, text);
            var start = Centiseconds(AnnotationFile.Seconds(path, number, fields[0], "start"));
            var end = Centiseconds(AnnotationFile.Seconds(path, number, fields[1], "end"));
            if (end < start) throw new AnnotationFormatException(path, number, $"section ends ({end}) before it starts ({start})");
            sections.Add(new Section(start, end, Unquote(fields[2])));
        }
        return sections;
    }

    /// <summary>MIREX10 sections: `start_s TAB end_s TAB label` in seconds; labels are bar counts such as `8`, `12+2`, `#` (silence).</summary>
    public static IReadOnlyList<Section> LoadMirex10Sections(string path)
    {
        var sections = new List<Section>();
        foreach (var (number, text) in AnnotationFile.Lines(path))
        {
            var fields = Columns(path, number, text);
            var start = AnnotationFile.Seconds(path, number, fields[0], "start");
            var end = AnnotationFile.Seconds(path, number, fields[1], "end");
            if (end < start) throw new AnnotationFormatException(path, number, $"section ends ({end}) before it starts ({start})");
            sections.Add(new Section(start, end, fields[2].Trim()));
        }
        return sections;
    }

    /// <summary>
    /// AIST BEAT: `t TAB t TAB code`, times in 10 ms units (the first column is used). Lines with code −1 are dropped;
    /// codes become positions in the bar as mirdata does (see <see cref="PositionsInBar"/>).
    /// </summary>
    public static IReadOnlyList<Beat> LoadBeats(string path)
    {
        var times = new List<double>();
        var codes = new List<int>();
        foreach (var (number, text) in AnnotationFile.Lines(path))
        {
            var fields = Columns(path, number, text);
            var time = Centiseconds(AnnotationFile.Seconds(path, number, fields[0], "beat time"));
            var code = AnnotationFile.Integer(path, number, fields[2], "beat code");
            if (code == IgnoredBeatCode) continue;
            if (code <= 0) throw new AnnotationFormatException(path, number, $"beat code {code} is neither positive nor −1");
            times.Add(time);
            codes.Add(code);
        }
        if (codes.Count > 0 && !codes.Contains(DownbeatCode))
            throw new AnnotationFormatException(path, null, $"no bar start (code {DownbeatCode}) among the beats");
        var positions = PositionsInBar(codes);
        return times.Select((t, i) => new Beat(t, positions[i])).ToArray();
    }

    /// <summary>
    /// AIST beat codes → positions in the bar (mirdata `_position_in_bar`): 384 → 1; a beat whose code rises over the previous
    /// one counts on from it; beats before the first bar start count back from the length of the first full bar.
    /// </summary>
    internal static int[] PositionsInBar(IReadOnlyList<int> codes)
    {
        var n = codes.Count;
        var positions = new int[n];
        var rank = codes.Select(c => c == DownbeatCode ? 1 : c).ToArray();
        for (var b = 0; b < n; b++)
        {
            if (codes[b] == DownbeatCode) positions[b] = 1;
            else if (b > 0 && rank[b] > rank[b - 1]) positions[b] = positions[b - 1] + 1;
        }
        var downbeats = Enumerable.Range(0, n).Where(b => codes[b] == DownbeatCode).ToArray();
        if (downbeats.Length > 0 && downbeats[0] > 0)
        {
            // Anacrusis: the pickup beats end the bar whose length is that of the first full bar (4 if only one bar start).
            var barLength = downbeats.Length > 1 ? positions[downbeats[1] - 1] : 4;
            for (var b = 1; b <= downbeats[0]; b++) positions[downbeats[0] - b] = barLength - b + 1;
        }
        return positions;
    }

    /// <summary>Id of the song numbered <paramref name="number"/> (1-based): RM-P001…</summary>
    public static string TrackId(int number) => $"RM-P{number:D3}";

    /// <summary>
    /// Audio locations from metadata-master/rwc-p.csv (`Piece No.,Cat. Suffix,Tr. No.,…`): `No. 1,M01,Tr. 01` →
    /// (RM-P001, audio/rwc-p-m01/1.wav). Returns an empty map when the file is absent.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AudioPathsFromMetadata(string root)
    {
        var path = Path.Combine(root, MetadataFile);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return map;
        foreach (var (number, text) in AnnotationFile.Lines(path).Skip(1))
        {
            var fields = AnnotationFile.Fields(path, number, text, ',', 3);
            var piece = AnnotationFile.Integer(path, number, StripPrefix(fields[0], "No."), "piece number");
            var cd = fields[1].Trim().ToLowerInvariant();
            var trackNumber = AnnotationFile.Integer(path, number, StripPrefix(fields[2], "Tr."), "track number");
            map[TrackId(piece)] = Path.Combine(root, "audio", $"rwc-p-{cd}", $"{trackNumber}.wav");
        }
        return map;
    }

    private static string StripPrefix(string field, string prefix)
    {
        var f = field.Trim();
        return f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? f[prefix.Length..] : f;
    }

    /// <summary>AIST and MIREX10 times: AIST counts in 10 ms units.</summary>
    private static double Centiseconds(double units) => units / 100.0;

    /// <summary>CHORUS labels are CSV-quoted (`"chorus A"`); mirdata's csv reader strips the quotes.</summary>
    private static string Unquote(string label)
    {
        var l = label.Trim();
        return l.Length >= 2 && l[0] == '"' && l[^1] == '"' ? l[1..^1].Replace("\"\"", "\"") : l;
    }

    /// <summary>Three TAB-separated columns; a file with spaces instead of TABs is read too (the label is then the rest of the line).</summary>
    private static string[] Columns(string path, int number, string text)
    {
        var tabbed = text.Split('\t');
        if (tabbed.Length >= 3) return tabbed;
        var spaced = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (spaced.Length >= 3) return spaced;
        throw new AnnotationFormatException(path, number, $"expected 3 TAB-separated columns, found {tabbed.Length}: '{text}'");
    }
}

/// <summary>One RWC Popular song: audio, section and beat annotations (each loaded on first use).</summary>
public sealed record RwcPopularTrack(
    string Id, string AudioPath, string ChorusPath, string BeatPath, string Mirex10Path, RwcSectionSource SectionSource)
    : IStructureTrack
{
    private readonly Lazy<IReadOnlyList<Section>> aist = new(() => RwcPopular.LoadAistSections(ChorusPath));
    private readonly Lazy<IReadOnlyList<Section>> mirex10 = new(() => RwcPopular.LoadMirex10Sections(Mirex10Path));
    private readonly Lazy<IReadOnlyList<Beat>?> beats = new(() => File.Exists(BeatPath) ? RwcPopular.LoadBeats(BeatPath) : null);

    public IReadOnlyList<Section> AistSections => aist.Value;
    public IReadOnlyList<Section> Mirex10Sections => mirex10.Value;
    public IReadOnlyList<Section> Sections => SectionSource == RwcSectionSource.Mirex10 ? Mirex10Sections : AistSections;
    public IReadOnlyList<Beat>? Beats => beats.Value;

    public string SectionsPath => SectionSource == RwcSectionSource.Mirex10 ? Mirex10Path : ChorusPath;
}

/// <summary>
/// RWC Popular in mirdata's layout plus the MIREX10 sections. Track ids come from the metadata and annotation files.
/// Audio: `audio/rwc-p-mXX/N.wav` (via the metadata), or the seed's flat `audio/RM-PXXX.{mp3,wav}` when that exists instead.
/// </summary>
public sealed class RwcPopularDataset : IDataset
{
    private readonly Lazy<IReadOnlyDictionary<string, RwcPopularTrack>> tracks;

    public RwcPopularDataset(string root, RwcSectionSource sections = RwcSectionSource.Mirex10)
    {
        Root = root;
        SectionSource = sections;
        tracks = new(Index);
    }

    public string Name => "rwcpop";
    public string Root { get; }
    public RwcSectionSource SectionSource { get; }

    public IReadOnlyList<string> TrackIds() => tracks.Value.Keys.Order(StringComparer.Ordinal).ToArray();

    public RwcPopularTrack Track(string id) =>
        tracks.Value.TryGetValue(id, out var t) ? t : throw new KeyNotFoundException($"No RWC Popular track '{id}' under {Root}.");

    ITrack IDataset.Track(string id) => Track(id);

    public IReadOnlyList<DatasetProblem> Validate()
    {
        if (!Directory.Exists(Root)) return [new DatasetProblem(Root, "dataset root not found")];
        var problems = new List<DatasetProblem>();
        var metadata = Path.Combine(Root, RwcPopular.MetadataFile);
        if (File.Exists(metadata) && AnnotationFile.Check(metadata, () => RwcPopular.AudioPathsFromMetadata(Root)) is { } bad)
            problems.Add(bad);
        var index = tracks.Value;
        if (index.Count == 0) problems.Add(new DatasetProblem(Root, "no RWC Popular tracks found (no metadata, section or beat files)"));
        foreach (var track in index.Values.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            if (AudioFileCheck.Problem(track.AudioPath) is { } audio) problems.Add(new DatasetProblem(track.AudioPath, audio));
            var sectionsPath = track.SectionsPath;
            var sections = AnnotationFile.Check(sectionsPath, () =>
            {
                if (track.Sections.Count == 0) throw new AnnotationFormatException(sectionsPath, null, "no sections");
            });
            if (sections is not null) problems.Add(sections);
            if (File.Exists(track.BeatPath) && AnnotationFile.Check(track.BeatPath, () => RwcPopular.LoadBeats(track.BeatPath)) is { } beats)
                problems.Add(beats);
        }
        return problems;
    }

    private IReadOnlyDictionary<string, RwcPopularTrack> Index()
    {
        IReadOnlyDictionary<string, string> audio;
        try { audio = RwcPopular.AudioPathsFromMetadata(Root); }
        catch (AnnotationFormatException) { audio = new Dictionary<string, string>(); } // reported by Validate
        var ids = new SortedSet<string>(audio.Keys, StringComparer.Ordinal);
        AddIds(ids, RwcPopular.ChorusFolder, ".CHORUS.TXT");
        AddIds(ids, RwcPopular.BeatFolder, ".BEAT.TXT");
        AddIds(ids, RwcPopular.Mirex10Folder, ".BLOCKS.lab");
        return ids.ToDictionary(id => id, id => new RwcPopularTrack(
            id,
            ResolveAudio(id, audio.GetValueOrDefault(id)),
            Path.Combine(Root, RwcPopular.ChorusFolder, id + ".CHORUS.TXT"),
            Path.Combine(Root, RwcPopular.BeatFolder, id + ".BEAT.TXT"),
            Path.Combine(Root, RwcPopular.Mirex10Folder, id + ".BLOCKS.lab"),
            SectionSource));
    }

    private void AddIds(SortedSet<string> ids, string folder, string suffix)
    {
        var dir = Path.Combine(Root, folder);
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.StartsWith("RM-P", StringComparison.Ordinal))
                ids.Add(name[..^suffix.Length]);
        }
    }

    /// <summary>mirdata's CD folder layout first, then the seed's flat copy `audio/RM-PXXX.mp3` (or .wav).</summary>
    private string ResolveAudio(string id, string? fromMetadata)
    {
        if (fromMetadata is not null && File.Exists(fromMetadata)) return fromMetadata;
        foreach (var extension in new[] { ".mp3", ".wav" })
        {
            var flat = Path.Combine(Root, "audio", id + extension);
            if (File.Exists(flat)) return flat;
        }
        return fromMetadata ?? Path.Combine(Root, "audio", id + ".mp3");
    }
}

/// <summary>
/// RWC-Popular-like songs in mirdata's layout: metadata-master/rwc-p.csv, audio/rwc-p-mXX/N.wav (16 songs per CD),
/// AIST CHORUS and BEAT files (10 ms units, quoted labels, beat codes 384/48/96/144) and MIREX10 BLOCKS.lab sections.
/// Planted labels: MIREX10 `#` for silence and the section letter (real MIREX10 labels are bar counts);
/// CHORUS `silence`, `verse A`, `chorus A`, `bridge A`, ….
/// </summary>
public sealed class RwcPopularSynth : ISyntheticCorpus
{
    public const int SongsPerCd = 16;

    public string Dataset => "rwcpop";

    public static IReadOnlyList<StructureSong> Plan(SynthesisOptions options) => StructureSong.Corpus(options, 4);

    public static string TrackId(int index) => RwcPopular.TrackId(index + 1);

    public static string Mirex10Label(string label) => label == SongPlan.Silence ? "#" : label;

    public static string AistLabel(string label) => label switch
    {
        SongPlan.Silence => "silence",
        "A" => "verse A",
        "B" => "chorus A",
        "C" => "bridge A",
        "I" => "intro",
        "O" => "ending",
        _ => $"section {label}",
    };

    public static int BeatCode(int positionInBar) => positionInBar == 1 ? RwcPopular.DownbeatCode : 48 * (positionInBar - 1);

    public void Write(string root, SynthesisOptions options)
    {
        var sampleRate = options.SampleRate ?? StructureSong.DefaultSampleRate;
        var songs = Plan(options);
        var metadata = new StringBuilder(MetadataHeader);
        foreach (var song in songs)
        {
            var id = TrackId(song.Index);
            metadata.Append(MetadataLine(song.Index, $"Synthetic Song {song.Index + 1}", "Synth", song.Plan.Bpm, "synthesis", song.Plan.End));
            PcmWav.Write(AudioPath(root, song.Index), sampleRate, song.RenderMono(sampleRate));
            WriteAnnotations(root, id, song.Plan.Annotation);
        }
        AnnotationWriter.Write(Path.Combine(root, RwcPopular.MetadataFile), metadata);
    }

    public const string MetadataHeader = "Piece No.,Cat. Suffix,Tr. No.,Title,Artist (Vocal),Composer,Arranger,Lyricist,Tempo,Instrumentation,Drum,Length\n";

    /// <summary>The metadata row of song <paramref name="index"/> (0-based): CD M01… of 16 songs each.</summary>
    public static string MetadataLine(int index, string title, string artist, double bpm, string instrumentation, double end)
    {
        var cd = index / SongsPerCd + 1;
        var track = index % SongsPerCd + 1;
        return string.Create(CultureInfo.InvariantCulture,
            $"No. {index + 1},M{cd:D2},Tr. {track:D2},{title},{artist},{artist},{artist},{artist},{bpm},{instrumentation},Drum,{end:F2}\n");
    }

    /// <summary>audio/rwc-p-mCC/N.wav of song <paramref name="index"/> (0-based).</summary>
    public static string AudioPath(string root, int index) =>
        Path.Combine(root, "audio", $"rwc-p-m{index / SongsPerCd + 1:D2}", $"{index % SongsPerCd + 1}.wav");

    /// <summary>The AIST CHORUS and BEAT files and the MIREX10 BLOCKS.lab of one song.</summary>
    public static void WriteAnnotations(string root, string id, StructureAnnotation annotation)
    {
        var chorus = new StringBuilder();
        var blocks = new StringBuilder();
        foreach (var s in annotation.Sections)
        {
            chorus.Append(CultureInfo.InvariantCulture, $"{Units(s.Start)}\t{Units(s.End)}\t\"{AistLabel(s.Label)}\"\n");
            blocks.Append(CultureInfo.InvariantCulture, $"{s.Start:F7}\t{s.End:F7}\t{Mirex10Label(s.Label)}\n");
        }
        var beats = new StringBuilder();
        foreach (var b in annotation.Beats)
            beats.Append(CultureInfo.InvariantCulture, $"{Units(b.Time)}\t{Units(b.Time)}\t{BeatCode(b.PositionInBar)}\n");
        AnnotationWriter.Write(Path.Combine(root, RwcPopular.ChorusFolder, id + ".CHORUS.TXT"), chorus);
        AnnotationWriter.Write(Path.Combine(root, RwcPopular.BeatFolder, id + ".BEAT.TXT"), beats);
        AnnotationWriter.Write(Path.Combine(root, RwcPopular.Mirex10Folder, id + ".BLOCKS.lab"), blocks);
    }

    /// <summary>AIST files count in 10 ms units.</summary>
    private static long Units(double seconds) => (long)Math.Round(seconds * 100);
}
