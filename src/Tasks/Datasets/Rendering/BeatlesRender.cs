using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// The Beatles (Isophonics) layout as <see cref="BeatlesSynth"/> writes it: album `01_-_Rendered_Sessions`, songs
/// `NN_-_&lt;title&gt;`, audio/&lt;album&gt;/&lt;song&gt;.wav (44.1 kHz stereo), seglab sections (intro, verse, refrain, bridge,
/// outro, silence) and beat files from the MIDI's markers and tempo map.
/// </summary>
public sealed class BeatlesRender : IRenderedCorpus
{
    public const string Album = "01_-_Rendered_Sessions";
    public const int Salt = 31;

    public string Kind => "beatles";
    public string Dataset => "beatles";

    public static string Title(int index, string piece) => $"{index + 1:D2}_-_{RenderedCorpora.FileSafe(piece).Replace(' ', '_')}";

    public void Write(string root, RenderOptions options, IProgress<RenderStep>? progress = null)
    {
        if (options.Tracks > 99) throw new ArgumentOutOfRangeException(nameof(options), options.Tracks, "The rendered Beatles album holds at most 99 songs.");
        StructureRender.Write(root, options, Salt, i => $"Rendered Song {i + 1:D2}", progress, (staging, song) =>
        {
            var title = Title(song.Index, song.Piece.Title);
            PcmWav.Write(Path.Combine(Beatles.AudioFolder(staging.Root), Album, title + ".wav"), RenderOptions.SampleRate, song.Audio);
            BeatlesSynth.WriteAnnotations(staging.Root, Album, title, song.Annotation);
        });
    }
}
