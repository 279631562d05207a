using System.Globalization;
using System.Text;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets;

// SALAMI (Structural Analysis of Large Amounts of Music Information): about 1400 recordings with hierarchical
// structure annotations by one or two annotators each: large-scale sections (uppercase letters), small-scale segments
// (lowercase letters) and functions (Verse, Chorus, …). Read from salami-data-public's parsed textfiles, as mirdata's
// `salami` loader does (index 2.0-corrected).
// Cite: J. B. L. Smith, J. A. Burgoyne, I. Fujinaga, D. De Roure, J. S. Downie, "Design and creation of a large-scale
// database of structural annotations", ISMIR 2011.

/// <summary>The three annotation levels of the parsed SALAMI textfiles.</summary>
public enum SalamiLevel
{
    /// <summary>Large-scale sections (A, B, …): the seed's "upper" level.</summary>
    Uppercase,

    /// <summary>Small-scale segments (a, a', b, …): the seed's "lower" level.</summary>
    Lowercase,

    /// <summary>Functions (Intro, Verse, Chorus, …).</summary>
    Functions,
}

/// <summary>SALAMI parsers, paths and the zero-length/End quirks.</summary>
public static class Salami
{
    /// <summary>The annotation repository folder under the dataset root.</summary>
    public const string AnnotationRoot = "salami-data-public-hierarchy-corrections";

    public static readonly IReadOnlyList<int> Annotators = [1, 2];

    /// <summary>`…/annotations/&lt;id&gt;/parsed/textfile{annotator}_{level}.txt`.</summary>
    public static string ParsedPath(string root, string id, int annotator, SalamiLevel level) =>
        Path.Combine(root, AnnotationRoot, "annotations", id, "parsed", $"textfile{annotator}_{level.ToString().ToLowerInvariant()}.txt");

    /// <summary>
    /// Sections of a parsed textfile: lines `time TAB label`, the last one `End`. Each label runs to the next time;
    /// zero-length sections are removed and the final label (End) closes the last section (mirdata `load_sections`).
    /// </summary>
    public static IReadOnlyList<Section> LoadSections(string path)
    {
        var times = new List<double>();
        var labels = new List<string>();
        foreach (var (number, text) in AnnotationFile.Lines(path))
        {
            var fields = AnnotationFile.Fields(path, number, text, '\t', 2);
            var time = AnnotationFile.Seconds(path, number, fields[0], "time");
            if (times.Count > 0 && time < times[^1])
                throw new AnnotationFormatException(path, number, $"time {time} is before the previous one ({times[^1]})");
            times.Add(time);
            labels.Add(fields[1].Trim());
        }
        if (times.Count < 2) throw new AnnotationFormatException(path, null, "needs at least two lines (a section and its End)");
        RemoveZeroLengthSections(times, labels);
        return Enumerable.Range(0, times.Count - 1).Select(k => new Section(times[k], times[k + 1], labels[k])).ToArray();
    }

    /// <summary>Where t_{k+1} = t_k, label k spans nothing: drop time k and label k (the later label of the pair wins).</summary>
    internal static void RemoveZeroLengthSections(List<double> times, List<string> labels)
    {
        for (var k = times.Count - 2; k >= 0; k--)
        {
            if (times[k + 1] != times[k]) continue;
            times.RemoveAt(k);
            labels.RemoveAt(k);
        }
    }

    /// <summary>Audio is `audio/&lt;id&gt;.mp3`; a WAV with the same name is used when there is one instead (synthetic corpora).</summary>
    public static string AudioPath(string root, string id)
    {
        var mp3 = Path.Combine(root, "audio", id + ".mp3");
        var wav = Path.Combine(root, "audio", id + ".wav");
        return !File.Exists(mp3) && File.Exists(wav) ? wav : mp3;
    }
}

/// <summary>One SALAMI recording: audio and, per annotator and level, its sections (each file loaded on first use).</summary>
public sealed record SalamiTrack(string Id, string Root, SalamiLevel Level, int PreferredAnnotator) : IStructureTrack
{
    private readonly Dictionary<(int, SalamiLevel), Lazy<IReadOnlyList<Section>?>> sections =
        Salami.Annotators.SelectMany(a => Enum.GetValues<SalamiLevel>().Select(l => (a, l)))
            .ToDictionary(k => k, k => new Lazy<IReadOnlyList<Section>?>(() =>
            {
                var path = Salami.ParsedPath(Root, Id, k.a, k.l);
                return File.Exists(path) ? Salami.LoadSections(path) : null;
            }));

    public string AudioPath => Salami.AudioPath(Root, Id);

    public bool HasAnnotator(int annotator, SalamiLevel level) => File.Exists(Salami.ParsedPath(Root, Id, annotator, level));

    /// <summary>Sections by one annotator at one level; null when that annotator did not annotate this track.</summary>
    public IReadOnlyList<Section>? SectionsBy(int annotator, SalamiLevel level) =>
        sections.TryGetValue((annotator, level), out var s) ? s.Value
            : throw new ArgumentOutOfRangeException(nameof(annotator), annotator, "SALAMI annotators are 1 and 2.");

    /// <summary>The preferred annotator's sections at the chosen level, or the other annotator's when the preferred one is missing.</summary>
    public IReadOnlyList<Section> Sections =>
        SectionsBy(PreferredAnnotator, Level) ?? SectionsBy(3 - PreferredAnnotator, Level)
        ?? throw new AnnotationFormatException(Salami.ParsedPath(Root, Id, PreferredAnnotator, Level), null,
            $"no {Level.ToString().ToLowerInvariant()} annotation by either annotator");

    /// <summary>SALAMI has no beat annotations.</summary>
    public IReadOnlyList<Beat>? Beats => null;
}

/// <summary>
/// SALAMI with the seed's subsets: "test" = tracks with both annotators' uppercase files, "train" = the others,
/// "debug" = the first four test tracks; null = all. (This is not the Grill &amp; Schlüter test split.)
/// </summary>
public sealed class SalamiDataset : IDataset
{
    private readonly Lazy<IReadOnlyList<string>> ids;

    public SalamiDataset(string root, SalamiLevel level = SalamiLevel.Uppercase, string? subset = null, int preferredAnnotator = 1)
    {
        if (subset is not (null or "test" or "train" or "debug"))
            throw new ArgumentException($"Unknown SALAMI subset '{subset}' (test, train or debug).", nameof(subset));
        if (!Salami.Annotators.Contains(preferredAnnotator))
            throw new ArgumentOutOfRangeException(nameof(preferredAnnotator), preferredAnnotator, "SALAMI annotators are 1 and 2.");
        Root = root;
        Level = level;
        Subset = subset;
        PreferredAnnotator = preferredAnnotator;
        ids = new(Index);
    }

    public string Name => "salami";
    public string Root { get; }
    public SalamiLevel Level { get; }
    public string? Subset { get; }
    public int PreferredAnnotator { get; }

    public IReadOnlyList<string> TrackIds() => ids.Value;

    public SalamiTrack Track(string id) =>
        ids.Value.Contains(id) ? new SalamiTrack(id, Root, Level, PreferredAnnotator)
            : throw new KeyNotFoundException($"No SALAMI track '{id}' under {Root}.");

    ITrack IDataset.Track(string id) => Track(id);

    public IReadOnlyList<DatasetProblem> Validate()
    {
        var annotations = Path.Combine(Root, Salami.AnnotationRoot, "annotations");
        if (!Directory.Exists(annotations)) return [new DatasetProblem(annotations, "SALAMI annotation folder not found")];
        var problems = new List<DatasetProblem>();
        if (ids.Value.Count == 0) problems.Add(new DatasetProblem(annotations, "no SALAMI tracks found"));
        foreach (var id in ids.Value)
        {
            var track = Track(id);
            if (AudioFileCheck.Problem(track.AudioPath) is { } audio) problems.Add(new DatasetProblem(track.AudioPath, audio));
            var present = Salami.Annotators.Where(a => track.HasAnnotator(a, Level)).ToArray();
            if (present.Length == 0)
                problems.Add(new DatasetProblem(Salami.ParsedPath(Root, id, PreferredAnnotator, Level),
                    $"no {Level.ToString().ToLowerInvariant()} annotation by either annotator"));
            foreach (var annotator in present)
            {
                var path = Salami.ParsedPath(Root, id, annotator, Level);
                if (AnnotationFile.Check(path, () => Salami.LoadSections(path)) is { } bad) problems.Add(bad);
            }
        }
        return problems;
    }

    private IReadOnlyList<string> Index()
    {
        var annotations = Path.Combine(Root, Salami.AnnotationRoot, "annotations");
        if (!Directory.Exists(annotations)) return [];
        var all = Directory.EnumerateDirectories(annotations).Select(Path.GetFileName).OfType<string>()
            .Where(n => n.Length > 0 && n.All(char.IsAsciiDigit))
            .OrderBy(n => long.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        bool BothUpper(string id) => Salami.Annotators.All(a => File.Exists(Salami.ParsedPath(Root, id, a, SalamiLevel.Uppercase)));
        return Subset switch
        {
            "test" => all.Where(BothUpper).ToArray(),
            "train" => all.Where(id => !BothUpper(id)).ToArray(),
            "debug" => all.Where(BothUpper).Take(4).ToArray(),
            _ => all,
        };
    }
}

/// <summary>
/// SALAMI-like songs: audio/&lt;id&gt;.wav (real SALAMI audio is MP3; the loader takes either), salami-data-public-style raw
/// and parsed textfiles with a final `End`, and metadata.csv. Every track has annotator 1; tracks with an even index also
/// have annotator 2 (identical), so the seed's "test" subset (both annotators) is not empty.
/// Planted labels: uppercase `Silence`/A/B/C; lowercase two segments per section (A → a, a'; B → b, b'; …);
/// functions `Silence`/`Verse`/`Chorus`/`Bridge`.
/// </summary>
public sealed class SalamiSynth : ISyntheticCorpus
{
    public string Dataset => "salami";

    public static IReadOnlyList<StructureSong> Plan(SynthesisOptions options) => StructureSong.Corpus(options, 5);

    public static string TrackId(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    public static bool HasSecondAnnotator(int index) => index % 2 == 0;

    /// <summary>The parsed-file sections a plan gives at a level, ending with the End line's time.</summary>
    public static IReadOnlyList<Section> Planted(SongPlan plan, SalamiLevel level) => Planted(plan.Annotation, level);

    /// <summary>The parsed-file sections of an annotation at a level; lowercase splits each section of 2 bars or more at its middle bar.</summary>
    public static IReadOnlyList<Section> Planted(StructureAnnotation annotation, SalamiLevel level)
    {
        var sections = new List<Section>();
        foreach (var s in annotation.Sections)
        {
            if (s.Label == SongPlan.Silence || level != SalamiLevel.Lowercase || s.BarCount < 2)
            {
                sections.Add(new Section(s.Start, s.End, Label(s.Label, level)));
                continue;
            }
            var middle = annotation.Middle(s);
            var small = s.Label.ToLowerInvariant();
            sections.Add(new Section(s.Start, middle, small));
            sections.Add(new Section(middle, s.End, small + "'"));
        }
        return sections;
    }

    private static string Label(string label, SalamiLevel level) => (label, level) switch
    {
        (SongPlan.Silence, _) => "Silence",
        (_, SalamiLevel.Uppercase) => label,
        (_, SalamiLevel.Lowercase) => label.ToLowerInvariant(),
        ("A", SalamiLevel.Functions) => "Verse",
        ("B", SalamiLevel.Functions) => "Chorus",
        ("C", SalamiLevel.Functions) => "Bridge",
        ("I", SalamiLevel.Functions) => "Intro",
        _ => "Outro",
    };

    public void Write(string root, SynthesisOptions options)
    {
        var sampleRate = options.SampleRate ?? StructureSong.DefaultSampleRate;
        var annotations = Path.Combine(root, Salami.AnnotationRoot);
        var metadata = new StringBuilder(MetadataHeader);
        foreach (var song in Plan(options))
        {
            var id = TrackId(song.Index);
            var second = HasSecondAnnotator(song.Index);
            metadata.Append(MetadataLine(id, second, song.Plan.End, $"Planted Song {id}", "Synth", "Synthetic"));
            PcmWav.Write(Path.Combine(root, "audio", id + ".wav"), sampleRate, song.RenderMono(sampleRate));
            WriteAnnotations(root, id, second ? [1, 2] : [1], song.Plan.Annotation);
        }
        AnnotationWriter.Write(Path.Combine(annotations, "metadata", "metadata.csv"), metadata);
    }

    public const string MetadataHeader = "SONG_ID,SOURCE,ANNOTATOR1,ANNOTATOR2,SONG_DURATION,SONG_TITLE,ARTIST,CLASS,GENRE\n";

    public static string MetadataLine(string id, bool secondAnnotator, double duration, string title, string artist, string source) =>
        string.Create(CultureInfo.InvariantCulture, $"{id},{source},1,{(secondAnnotator ? "2" : "")},{duration:F2},{title},{artist},popular,Pop\n");

    /// <summary>The parsed files of every level and the raw textfile, for each annotator (their annotations are identical).</summary>
    public static void WriteAnnotations(string root, string id, IReadOnlyList<int> annotators, StructureAnnotation annotation)
    {
        var annotations = Path.Combine(root, Salami.AnnotationRoot);
        foreach (var annotator in annotators)
        {
            foreach (var level in Enum.GetValues<SalamiLevel>())
            {
                var text = new StringBuilder();
                foreach (var s in Planted(annotation, level)) text.Append(CultureInfo.InvariantCulture, $"{s.Start:F9}\t{s.Label}\n");
                text.Append(CultureInfo.InvariantCulture, $"{annotation.End:F9}\tEnd\n");
                AnnotationWriter.Write(Salami.ParsedPath(root, id, annotator, level), text);
            }
            AnnotationWriter.Write(Path.Combine(annotations, "annotations", id, $"textfile{annotator}.txt"), RawText(annotation));
        }
    }

    /// <summary>The raw textfile: `time TAB labels`, uppercase, lowercase and function on the line where they start.</summary>
    private static StringBuilder RawText(StructureAnnotation plan)
    {
        var upper = Planted(plan, SalamiLevel.Uppercase);
        var functions = Planted(plan, SalamiLevel.Functions);
        var text = new StringBuilder();
        foreach (var lower in Planted(plan, SalamiLevel.Lowercase))
        {
            var u = upper.FirstOrDefault(s => s.Start == lower.Start);
            var f = functions.FirstOrDefault(s => s.Start == lower.Start);
            var labels = u is null ? lower.Label
                : lower.Label == "Silence" ? "Silence" : $"{u.Label}, {lower.Label}, {f!.Label.ToLowerInvariant()}";
            text.Append(CultureInfo.InvariantCulture, $"{lower.Start:F9}\t{labels}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"{plan.End:F9}\tend\n");
        return text;
    }
}
