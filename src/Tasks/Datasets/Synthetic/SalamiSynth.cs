using System.Globalization;
using System.Text;

namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>
/// SALAMI-like songs: audio/&lt;id&gt;.wav (real SALAMI audio is MP3; the loader takes either), salami-data-public-style raw
/// and parsed textfiles with a final `End`, and metadata.csv. Every track has annotator 1; tracks with an even index also
/// have annotator 2 (identical), so the seed's "test" subset (both annotators) is not empty.
/// Planted labels: uppercase `Silence`/A/B/C; lowercase two segments per section (A → a, a'; B → b, b'; …);
/// functions `Silence`/`Verse`/`Chorus`/`Bridge`.
/// </summary>
public sealed class SalamiSynth : ISyntheticCorpus
{
    public string Kind => "salami";
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
