using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Models;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Tests.Datasets;
using NmfGrid.Tasks.Tests.Tasks.Structure;

namespace NmfGrid.Tasks.Tests.Pipeline;

/// <summary>
/// The factorisation as a cached stage: jobs that differ only in a scoring key (the onset tolerance) factorise once
/// and score the same factors; a model key or the seed makes another entry; a corrupt entry is recomputed.
/// </summary>
public sealed class FactorArtifactTests(AbabCorpus song) : IDisposable, IClassFixture<AbabCorpus>
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ConfigSection Section(string name, params (string Key, object? Value)[] values) =>
        new(name, values.ToDictionary(v => v.Key, v => v.Value));

    private static ConfigSection Transcription(double tolerance, long nFft = 1024) =>
        Section("task", ("name", "transcription"), ("sample_rate", 22050L), ("n_fft", nFft), ("hop_length", 441L), ("onset_tolerance", tolerance));

    private static NmfSettings Nmf(int seed, long rank = 12) =>
        NmfSettings.From(Section("algorithm", ("name", "mu"), ("init", "random"), ("rank", rank), ("beta", 1L), ("max_iter", 20L), ("tol", 0.0)), seed);

    private (ITrack Track, FeatureCache Cache) Piece()
    {
        var data = Path.Combine(_folder.Path, "maps");
        new MapsSynth().Write(data, new SynthesisOptions(Tracks: 1, Seed: 5, Duration: 3, SampleRate: 22050));
        var dataset = new MapsDataset(data);
        return (dataset.Track(dataset.TrackIds()[0]), new FeatureCache(Path.Combine(_folder.Path, "cache")));
    }

    private static TrackOutcome Run(ITrack track, FeatureCache cache, ConfigSection task, NmfSettings nmf) =>
        TrackPipeline.Run(TaskRegistry.Get("transcription"), track, Parsed.Task(task), nmf, new ManagedBlas(), cache, cacheFactors: true);

    private string[] Entries(FeatureCache cache) => Directory.GetFiles(cache.Directory, FactorArtifact.Kind + "-*.feat");

    [Fact]
    public void Two_onset_tolerances_factorise_once_and_score_the_same_notes()
    {
        var (track, cache) = Piece();
        var strict = Run(track, cache, Transcription(0.02), Nmf(seed: 7));
        var loose = Run(track, cache, Transcription(0.2), Nmf(seed: 7));

        Assert.False(strict.FactorsCached);
        Assert.True(loose.FactorsCached);
        Assert.Single(Entries(cache));
        Assert.True(strict.Metrics["notes.estimated"] > 0);
        Assert.Equal(strict.Metrics["notes.estimated"], loose.Metrics["notes.estimated"]);
        Assert.Equal(strict.Metrics["frame.f1"], loose.Metrics["frame.f1"]);
        Assert.Equal(strict.Iterations, loose.Iterations);
        Assert.Equal(strict.FinalLoss, loose.FinalLoss);
        Assert.Equal(strict.LossHistory, loose.LossHistory);
    }

    [Fact]
    public void The_seed_a_model_key_or_a_feature_key_makes_another_entry()
    {
        var (track, cache) = Piece();
        Run(track, cache, Transcription(0.05), Nmf(seed: 7));
        Assert.False(Run(track, cache, Transcription(0.05), Nmf(seed: 8)).FactorsCached);
        Assert.False(Run(track, cache, Transcription(0.05), Nmf(seed: 7, rank: 10)).FactorsCached);
        Assert.False(Run(track, cache, Transcription(0.05, nFft: 2048), Nmf(seed: 7)).FactorsCached);
        Assert.Equal(4, Entries(cache).Length);
        Assert.True(Run(track, cache, Transcription(0.05, nFft: 2048), Nmf(seed: 7)).FactorsCached);
    }

    [Fact]
    public void A_tensor_model_is_cached_too_and_structure_scores_the_same_segments_with_and_without_trim()
    {
        var cache = new FeatureCache(Path.Combine(_folder.Path, "cache"));
        ConfigSection Structure(bool trim) =>
            Section("task", ("name", "structure"), ("sample_rate", 22050L), ("hop", 64L), ("feature", "mel"), ("trim", trim));
        var nmf = NmfSettings.From(Section("algorithm", ("name", "tucker_hals"), ("init", "random"), ("rank", 6L),
                                           ("rank_1", 8L), ("rank_2", 4L), ("max_iter", 20L)), seed: 0);
        TrackOutcome Run(bool trim) => TrackPipeline.Run(TaskRegistry.Get("structure"), song.Track, Parsed.Task(Structure(trim)), nmf, new ManagedBlas(), cache, cacheFactors: true);

        var trimmed = Run(trim: true);
        var untrimmed = Run(trim: false);

        Assert.False(trimmed.FactorsCached);
        Assert.True(untrimmed.FactorsCached);
        Assert.Single(Entries(cache));
        Assert.Equal(trimmed.Metrics["segments"], untrimmed.Metrics["segments"]);
        Assert.Equal(trimmed.Metrics["segmentation_score"], untrimmed.Metrics["segmentation_score"]);
    }

    [Fact]
    public void A_corrupt_factors_entry_is_recomputed_and_gives_the_same_scores()
    {
        var (track, cache) = Piece();
        var first = Run(track, cache, Transcription(0.05), Nmf(seed: 7));
        var entry = Assert.Single(Entries(cache));
        var bytes = File.ReadAllBytes(entry);
        bytes[^9] ^= 0x5a; // a byte of H: the payload no longer matches its hash
        File.WriteAllBytes(entry, bytes);

        var again = Run(track, cache, Transcription(0.05), Nmf(seed: 7));
        Assert.False(again.FactorsCached);
        Assert.Equal(1, cache.CorruptEntriesDiscarded);
        Assert.Equal(first.Metrics, again.Metrics);
        Assert.True(Run(track, cache, Transcription(0.05), Nmf(seed: 7)).FactorsCached);
    }

    [Fact]
    public void Without_cache_factors_nothing_is_stored()
    {
        var (track, cache) = Piece();
        var outcome = TrackPipeline.Run(TaskRegistry.Get("transcription"), track, Parsed.Task(Transcription(0.05)), Nmf(seed: 7), new ManagedBlas(), cache);
        Assert.False(outcome.FactorsCached);
        Assert.Empty(Entries(cache));
    }

    // The key digests V by content (XxHash128): the same numbers give the same key, a change of one ulp in one entry another.
    [Fact]
    public void The_key_follows_the_numbers_of_v()
    {
        var nmf = Nmf(seed: 7);
        var v = Matrix<double>.Build.Dense(1765, 40, (i, j) => Math.Sin(i * 0.37 + j) + 1.5);
        var same = v.Clone();
        var nudged = v.Clone();
        nudged[1000, 17] = Math.BitIncrement(nudged[1000, 17]);

        string Key(Matrix<double> m) => FactorArtifact.Key(new ReconstructionInput(m), nmf, tensor: false).CanonicalString;

        Assert.Equal(Key(v), Key(same));
        Assert.NotEqual(Key(v), Key(nudged));
        Assert.NotEqual(Key(v), Key(v.SubMatrix(0, 1764, 0, 40)));
    }

    private sealed record ReconstructionInput(Matrix<double> V) : TaskInput(V);

    [Fact]
    public void A_convolutive_model_comes_back_whole()
    {
        var lags = new[] { Matrix<double>.Build.Random(5, 2, 1).PointwiseAbs(), Matrix<double>.Build.Random(5, 2, 2).PointwiseAbs() };
        var h = Matrix<double>.Build.Random(2, 7, 3).PointwiseAbs();
        var model = new ConvolutiveModel<double>(lags, h);
        var result = new NmfResult<double>(model.SummedTemplates(), h, 3, false, 1.5, [new LossPoint(0, 2.0), new LossPoint(3, 1.5)], 0.1, "managed", 1)
        {
            Model = model,
        };

        var back = FactorArtifact.Unpack(FactorArtifact.Pack(result), "managed", 1)!;

        Assert.Equal(result.W, back.W);
        Assert.Equal(result.H, back.H);
        Assert.Equal(result.LossHistory, back.LossHistory);
        Assert.Equal((3, false, 1.5), (back.Iterations, back.Converged, back.Loss));
        Assert.Equal(result.Reconstruction(), back.Reconstruction());
    }

    [Fact]
    public void A_packed_column_of_the_wrong_length_is_declined()
    {
        var result = new NmfResult<double>(Matrix<double>.Build.Dense(3, 2, 1), Matrix<double>.Build.Dense(2, 4, 1), 1, true, 0, [], 0, "managed", 1);
        var packed = FactorArtifact.Pack(result);
        Assert.NotNull(FactorArtifact.Unpack(packed, "managed", 1));
        Assert.Null(FactorArtifact.Unpack(packed.SubMatrix(0, packed.RowCount - 1, 0, 1), "managed", 1));
    }
}
