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
        _ => $"section {label}",
    };

    public static int BeatCode(int positionInBar) => positionInBar == 1 ? RwcPopular.DownbeatCode : 48 * (positionInBar - 1);

    public void Write(string root, SynthesisOptions options)
    {
        var sampleRate = options.SampleRate ?? StructureSong.DefaultSampleRate;
        var songs = Plan(options);
        var metadata = new StringBuilder("Piece No.,Cat. Suffix,Tr. No.,Title,Artist (Vocal),Composer,Arranger,Lyricist,Tempo,Instrumentation,Drum,Length\n");
        foreach (var song in songs)
        {
            var id = TrackId(song.Index);
            var cd = song.Index / SongsPerCd + 1;
            var track = song.Index % SongsPerCd + 1;
            metadata.Append(CultureInfo.InvariantCulture,
                $"No. {song.Index + 1},M{cd:D2},Tr. {track:D2},Synthetic Song {song.Index + 1},Synth,Synth,Synth,Synth,{song.Plan.Bpm},synthesis,Drum,{song.Plan.End:F2}\n");
            PcmWav.Write(Path.Combine(root, "audio", $"rwc-p-m{cd:D2}", $"{track}.wav"), sampleRate, song.RenderMono(sampleRate));

            var chorus = new StringBuilder();
            var blocks = new StringBuilder();
            foreach (var s in song.Plan.Sections)
            {
                chorus.Append(CultureInfo.InvariantCulture, $"{Units(s.Start)}\t{Units(s.End)}\t\"{AistLabel(s.Label)}\"\n");
                blocks.Append(CultureInfo.InvariantCulture, $"{s.Start:F7}\t{s.End:F7}\t{Mirex10Label(s.Label)}\n");
            }
            var beats = new StringBuilder();
            foreach (var b in song.Plan.Beats)
                beats.Append(CultureInfo.InvariantCulture, $"{Units(b.Time)}\t{Units(b.Time)}\t{BeatCode(b.PositionInBar)}\n");
            AnnotationWriter.Write(Path.Combine(root, RwcPopular.ChorusFolder, id + ".CHORUS.TXT"), chorus);
            AnnotationWriter.Write(Path.Combine(root, RwcPopular.BeatFolder, id + ".BEAT.TXT"), beats);
            AnnotationWriter.Write(Path.Combine(root, RwcPopular.Mirex10Folder, id + ".BLOCKS.lab"), blocks);
        }
        AnnotationWriter.Write(Path.Combine(root, RwcPopular.MetadataFile), metadata);
    }

    /// <summary>AIST files count in 10 ms units.</summary>
    private static long Units(double seconds) => (long)Math.Round(seconds * 100);
}
