using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// MUSDB18-HQ: `{train,test}/&lt;Artist - Title&gt;/{mixture,drums,bass,other,vocals}.wav`, 44.1 kHz stereo 16-bit. Each stem is
/// rendered from its own parts (drums: channel 10; bass; other: chords; vocals: the melody on a voice-like patch); the
/// mixture is the sum of the stem files, sample for sample (<see cref="StemMix"/>). Test and train pieces are composed
/// from different seeds (or, with MIDI files, test takes the first files and train the next).
/// </summary>
public sealed class MusdbRender : IRenderedCorpus
{
    public const int TestSalt = 21, TrainSalt = 22;

    public string Kind => "musdb18hq";
    public string Dataset => "musdb18hq";

    public static string TrackName(int seed, string subset, int index) => $"Render S{seed} - {(subset == "test" ? "Test" : "Train")} Song {index + 1:D2}";

    public void Write(string root, RenderOptions options, IProgress<RenderStep>? progress = null)
    {
        var renderer = RenderedCorpora.Renderer(options);
        var test = PieceSource.Pieces(options, PieceSource.Style.Band, options.Tracks, TestSalt, title: i => TrackName(options.Seed, "test", i));
        var train = PieceSource.Pieces(options, PieceSource.Style.Band, options.TrainTracks, TrainSalt,
            first: options.MidiFolder is null ? 0 : options.Tracks, title: i => TrackName(options.Seed, "train", i));
        foreach (var subset in Musdb18.Subsets) Directory.CreateDirectory(Path.Combine(root, subset));
        var jobs = test.Select(p => (Subset: "test", Piece: p)).Concat(train.Select(p => (Subset: "train", Piece: p))).ToArray();
        using var staging = new Staging(root);
        for (var i = 0; i < jobs.Length; i++)
        {
            var (subset, piece) = jobs[i];
            var folder = Path.Combine(staging.Root, subset, RenderedCorpora.FileSafe(piece.Title));
            var mix = StemMix.Of(renderer.Stems(piece, Musdb18.Stems.Skip(1), staging.Work));
            PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(Stem.Mixture)), renderer.SampleRate, mix.Mixture);
            foreach (var (stem, audio) in mix.Stems)
                PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(stem)), renderer.SampleRate, audio);
            staging.Commit();
            progress?.Report(new RenderStep(i + 1, jobs.Length, $"{subset}/{piece.Title}"));
        }
    }
}
