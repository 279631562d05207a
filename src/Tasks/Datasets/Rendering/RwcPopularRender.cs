using System.Text;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// RWC Popular in mirdata's layout as <see cref="RwcPopularSynth"/> writes it: audio/rwc-p-mCC/N.wav (44.1 kHz stereo),
/// AIST CHORUS and BEAT files (10 ms units), MIREX10 BLOCKS.lab, metadata-master/rwc-p.csv (rewritten after every song).
/// </summary>
public sealed class RwcPopularRender : IRenderedCorpus
{
    public const int Salt = 41;

    public string Kind => "rwcpop";
    public string Dataset => "rwcpop";

    public void Write(string root, RenderOptions options, IProgress<RenderStep>? progress = null)
    {
        if (options.Tracks > 100) throw new ArgumentOutOfRangeException(nameof(options), options.Tracks, "RWC Popular numbers at most 100 songs.");
        StructureRender.Write(root, options, Salt, i => $"Rendered Song {i + 1}", progress, (staging, song) =>
        {
            PcmWav.Write(RwcPopularSynth.AudioPath(staging.Root, song.Index), RenderOptions.SampleRate, song.Audio);
            RwcPopularSynth.WriteAnnotations(staging.Root, RwcPopularSynth.TrackId(song.Index), song.Annotation);
        }, (staging, songs) =>
        {
            var metadata = new StringBuilder(RwcPopularSynth.MetadataHeader);
            foreach (var song in songs)
                metadata.Append(RwcPopularSynth.MetadataLine(song.Index, song.Piece.Title.Replace(',', ' '), "Render",
                    Math.Round(song.Piece.Tempo.Changes[0].Bpm), "sampled instruments", song.Annotation.End));
            AnnotationWriter.Write(Path.Combine(staging.Root, RwcPopular.MetadataFile), metadata);
        });
    }
}
