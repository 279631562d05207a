using System.Globalization;
using System.Text;

namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>
/// Beatles-like songs in the Isophonics/mirdata layout: one album `01_-_Synthetic_Sessions`, songs
/// `NN_-_Planted_Song_NN` (ids 01NN), seglab sections (4 TAB fields, the third empty), beat files (`time TAB position`)
/// and audio/&lt;album&gt;/&lt;song&gt;.wav. Planted labels: silence, verse (A), refrain (B), bridge (C).
/// </summary>
public sealed class BeatlesSynth : ISyntheticCorpus
{
    public const string Album = "01_-_Synthetic_Sessions";

    public string Kind => "beatles";
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
