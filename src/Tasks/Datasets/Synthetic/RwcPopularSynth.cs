using System.Globalization;
using System.Text;

namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>
/// RWC-Popular-like songs in mirdata's layout: metadata-master/rwc-p.csv, audio/rwc-p-mXX/N.wav (16 songs per CD),
/// AIST CHORUS and BEAT files (10 ms units, quoted labels, beat codes 384/48/96/144) and MIREX10 BLOCKS.lab sections.
/// Planted labels: MIREX10 `#` for silence and the section letter (real MIREX10 labels are bar counts);
/// CHORUS `silence`, `verse A`, `chorus A`, `bridge A`, ….
/// </summary>
public sealed class RwcPopularSynth : ISyntheticCorpus
{
    public const int SongsPerCd = 16;

    public string Kind => "rwcpop";
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
