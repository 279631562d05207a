using System.Text;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// SALAMI as <see cref="SalamiSynth"/> writes it: audio/&lt;id&gt;.wav (44.1 kHz stereo), parsed files at every level and the raw
/// textfile per annotator (even indices have a second, identical annotator), metadata.csv rewritten after every song.
/// </summary>
public sealed class SalamiRender : IRenderedCorpus
{
    public const int Salt = 51;

    public string Kind => "salami";
    public string Dataset => "salami";

    public void Write(string root, RenderOptions options, IProgress<RenderStep>? progress = null)
    {
        StructureRender.Write(root, options, Salt, i => $"Rendered Song {i + 1}", progress, (staging, song) =>
        {
            var id = SalamiSynth.TrackId(song.Index);
            PcmWav.Write(Path.Combine(staging.Root, "audio", id + ".wav"), RenderOptions.SampleRate, song.Audio);
            SalamiSynth.WriteAnnotations(staging.Root, id, SalamiSynth.HasSecondAnnotator(song.Index) ? [1, 2] : [1], song.Annotation);
        }, (staging, songs) =>
        {
            var metadata = new StringBuilder(SalamiSynth.MetadataHeader);
            foreach (var song in songs)
                metadata.Append(SalamiSynth.MetadataLine(SalamiSynth.TrackId(song.Index), SalamiSynth.HasSecondAnnotator(song.Index),
                    song.Annotation.End, song.Piece.Title.Replace(',', ' '), "Render", "Rendered"));
            AnnotationWriter.Write(Path.Combine(staging.Root, Salami.AnnotationRoot, "metadata", "metadata.csv"), metadata);
        });
    }
}
