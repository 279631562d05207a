using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Structure;
using NmfGrid.Tasks.Tests.Datasets;
using NmfGrid.Tasks.Tests.Tasks.Structure;
using NmfGrid.Tasks.Transcription;
using Xunit.Abstractions;

namespace NmfGrid.Tasks.Tests.Tasks.Tensor;

/// <summary>The tensor models inside the tasks: multichannel transcription (CP) and barwise structure analysis (Tucker).</summary>
public sealed class TensorTaskTests(AbabCorpus corpus, ITestOutputHelper output) : IClassFixture<AbabCorpus>
{
    private static ConfigSection Section(string name, params (string Key, object? Value)[] values) =>
        new(name, values.ToDictionary(v => v.Key, v => v.Value));

    private static ConfigSection Transcription(string channels) =>
        Section("task", ("name", "transcription"), ("sample_rate", 22050L), ("n_fft", 2048L), ("hop_length", 441L), ("channels", channels));

    /// <summary>
    /// Measured on this song (docs/tasks/structure.md): tucker_hals, random start, ranks 6/8/4 gives f3 = 0.727 (6 segments:
    /// the 4 planted ones, two split); matrix MU at rank 4 gives 0.889. The floor pins the tensor path working end to end.
    /// </summary>
    [Fact]
    public void Tucker_structure_finds_most_planted_boundaries_of_an_abab_song_from_the_bar_factor()
    {
        var settings = Section("task", ("name", "structure"), ("sample_rate", 22050L), ("hop", 64L), ("feature", "mel"));
        var nmf = NmfSettings.From(Section("algorithm", ("name", "tucker_hals"), ("init", "random"), ("rank", 6L),
                                           ("rank_1", 8L), ("rank_2", 4L), ("max_iter", 60L)), seed: 0);

        var outcome = TrackPipeline.Run(TaskRegistry.Get("structure"), corpus.Track, Parsed.Task(settings), nmf, new ManagedBlas());

        output.WriteLine(string.Join(", ", outcome.Metrics.Select(m => $"{m.Key}={m.Value:F3}")) + $" {outcome.Timings}");
        Assert.Equal(16, outcome.Metrics["bars"]);
        Assert.True(outcome.Metrics["f3"] > 0.7, $"f3 = {outcome.Metrics["f3"]}, segments {outcome.Metrics["segments"]}");
    }

    [Fact]
    public void Multichannel_transcription_by_cp_finds_the_notes_of_a_panned_piano_piece()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 3, Duration: 4, SampleRate: 22050) { Panned = true });
        var dataset = new MapsDataset(folder.Path);
        var nmf = NmfSettings.From(Section("algorithm", ("name", "cp_mu"), ("init", "harmonic"), ("rank", 88L), ("beta", 1L), ("max_iter", 40L), ("tol", 0.0)), seed: 0);
        var task = TaskRegistry.Get("transcription");

        var outcome = TrackPipeline.Run(task, dataset.Track(dataset.TrackIds()[0]), Parsed.Task(Transcription("multichannel")), nmf, Blas.Create());

        output.WriteLine(string.Join(", ", outcome.Metrics.Select(m => $"{m.Key}={m.Value:F3}")) + $" {outcome.Timings}");
        Assert.True(outcome.Metrics["f1"] > 0.6, $"note F1 {outcome.Metrics["f1"]:F3}");
    }

    [Fact]
    public void A_tensor_model_on_mono_transcription_says_which_setting_makes_a_tensor()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 1, Duration: 2, SampleRate: 22050));
        var dataset = new MapsDataset(folder.Path);
        var id = dataset.TrackIds()[0];
        var nmf = NmfSettings.From(Section("algorithm", ("name", "cp_hals"), ("init", "random"), ("rank", 4L), ("max_iter", 2L)), seed: 0);

        var e = Assert.Throws<ArgumentException>(() =>
            TrackPipeline.Run(TaskRegistry.Get("transcription"), dataset.Track(id), Parsed.Task(Transcription("mono")), nmf, new ManagedBlas()));

        Assert.Contains("'cp_hals' factorises a 3-way tensor", e.Message);
        Assert.Contains(id, e.Message);
        Assert.Contains("docs/tasks/transcription.md", e.Message);
    }

    [Fact]
    public void A_tensor_model_paired_with_mono_transcription_or_separation_is_refused_before_any_job()
    {
        var cp = NmfSettings.From(Section("algorithm", ("name", "cp_mu"), ("rank", 4L)), seed: 0);
        var e = Assert.Throws<ConfigKeyException>(() => TensorStep.CheckPairing(TaskRegistry.Get("transcription"), Parsed.Task(Transcription("mono")), cp));
        Assert.Equal("algorithm.name", e.Key);
        Assert.Contains("'cp_mu' factorises a 3-way tensor", e.Message);
        Assert.Throws<ConfigKeyException>(() => TensorStep.CheckPairing(TaskRegistry.Get("separation"), Parsed.Task(Section("task", ("name", "separation"))), cp));

        TensorStep.CheckPairing(TaskRegistry.Get("transcription"), Parsed.Task(Transcription("multichannel")), cp);
        TensorStep.CheckPairing(TaskRegistry.Get("structure"), Parsed.Task(Section("task", ("name", "structure"))), cp);
        var mu = NmfSettings.From(Section("algorithm", ("name", "mu"), ("rank", 4L)), seed: 0);
        TensorStep.CheckPairing(TaskRegistry.Get("separation"), Parsed.Task(Section("task", ("name", "separation"))), mu);
    }

    [Fact]
    public void Multichannel_spectrogram_of_a_mono_signal_names_the_file()
    {
        var signal = AudioSignal.FromMono(new float[4096], 22050);
        var e = Assert.Throws<ArgumentException>(() =>
            MultichannelSpectrogram.Compute(signal, TranscriptionSettings.NmfGrid.Features, "/music/piece.wav"));
        Assert.Contains("/music/piece.wav has 1", e.Message);
    }

    [Fact]
    public void Multichannel_mix_is_the_sum_of_the_channel_spectrograms_and_the_tensor_holds_each()
    {
        var random = new Random(4);
        var left = Enumerable.Range(0, 8192).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var right = left.Select(x => 0.3f * x).ToArray();
        var parameters = new TranscriptionSettings { SampleRate = 22050, NFft = 512, HopLength = 256 }.Features;

        var (mix, tensor) = MultichannelSpectrogram.Compute(new AudioSignal([left, right], 22050), parameters, "x.wav");

        var l = Spectrogram.Compute(AudioSignal.FromMono(left, 22050), parameters);
        Assert.Equal(new[] { 2, l.RowCount, l.ColumnCount }, tensor.X.Shape);
        Assert.Equal(l[10, 5], tensor.X[0, 10, 5], 9);
        Assert.Equal(1.3 * l[10, 5], mix[10, 5], 6);
        Assert.Equal(new TensorLayout(2, 0), tensor.Layout);
    }

    [Fact]
    public void An_unknown_channels_value_is_named()
    {
        var e = Assert.Throws<ConfigKeyException>(() => TranscriptionSettings.From(Transcription("surround")));
        Assert.Contains("task.channels", e.Message);
    }

    [Fact]
    public void Barwise_tensor_holds_the_barwise_matrix_entries_frequency_major()
    {
        var v = Matrix<double>.Build.Dense(3 * 4, 5, (row, bar) => row + 100 * bar);
        var x = BarwiseTensor.FromMatrix(v, subdivision: 4);
        Assert.Equal(new[] { 5, 3, 4 }, x.Shape);
        Assert.Equal(v[2 * 4 + 1, 3], x[3, 2, 1]);
        Assert.Throws<ArgumentException>(() => BarwiseTensor.FromMatrix(v, subdivision: 5));
    }

    [Fact]
    public void Panned_synthesis_gives_the_two_channels_different_balances_per_note()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 2, Duration: 4, SampleRate: 22050) { Panned = true });
        var dataset = new MapsDataset(folder.Path);
        var track = dataset.Track(dataset.TrackIds()[0]);
        var signal = AudioReader.Read(track.AudioPath, new AudioReadOptions { Mono = false });

        Assert.Equal(2, signal.ChannelCount);
        // Unpanned, right = 0.95 × left everywhere; panned, the ratio of the channels' energies varies from note to note.
        var ratios = Enumerable.Range(0, 8).Select(i =>
        {
            var start = i * signal.Length / 8;
            double l = 0, r = 0;
            for (var n = start; n < start + signal.Length / 8; n++) { l += signal.Channels[0][n] * signal.Channels[0][n]; r += signal.Channels[1][n] * signal.Channels[1][n]; }
            return r / Math.Max(l, 1e-12);
        }).Where(q => double.IsFinite(q) && q > 0).ToArray();
        Assert.True(ratios.Max() / ratios.Min() > 1.5, string.Join(", ", ratios));
    }
}
