using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Separation;
using NmfGrid.Tasks.Tests.Datasets;
using NmfGrid.Tasks.Tests.Tasks.Separation;
using NmfGrid.Tasks.Tests.Tasks.Structure;

namespace NmfGrid.Tasks.Tests.Pipeline;

/// <summary>
/// Structure's and separation's predictions as cached stages: a sweep over a scoring key (trim; the assignment rule)
/// predicts once, and scores exactly as the uncached pipeline does (separation rebuilds its stems from the cached
/// assignment).
/// </summary>
public sealed class PredictionArtifactTaskTests(AbabCorpus song, TwoInstrumentMix mix)
    : IDisposable, IClassFixture<AbabCorpus>, IClassFixture<TwoInstrumentMix>
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private FeatureCache Cache() => new(Path.Combine(_folder.Path, "cache"));

    private static string[] Entries(FeatureCache cache) => Directory.GetFiles(cache.Directory, PredictionArtifact.Kind + "-*.feat");

    private static ConfigSection Section(string name, params (string Key, object? Value)[] values) =>
        new(name, values.ToDictionary(v => v.Key, v => v.Value));

    [Theory]
    [InlineData("nmf")]
    [InlineData("barwise")]
    public void Structure_with_and_without_trim_segments_once(string representation)
    {
        var cache = Cache();
        ConfigSection Structure(bool trim) => Section("task", ("name", "structure"), ("sample_rate", 22050L), ("hop", 64L), ("feature", "mel"),
                                                     ("representation", representation), ("trim", trim));
        var nmf = NmfSettings.From(Section("algorithm", ("name", "mu"), ("init", "random"), ("rank", 6L), ("max_iter", 20L)), seed: 0);
        TrackOutcome Run(bool trim, FeatureCache? c) =>
            TrackPipeline.Run(TaskRegistry.Get("structure"), song.Track, Parsed.Task(Structure(trim)), nmf, new ManagedBlas(), c, cacheFactors: c is not null);

        var trimmed = Run(trim: true, cache);
        var untrimmed = Run(trim: false, cache);

        Assert.False(trimmed.PredictionCached);
        Assert.True(untrimmed.PredictionCached);
        Assert.Single(Entries(cache));
        Assert.Equal(trimmed.Metrics["segments"], untrimmed.Metrics["segments"]);
        Assert.Equal(Run(trim: false, null).Metrics, untrimmed.Metrics);
    }

    [Fact]
    public void Separation_scored_by_two_assignment_rules_clusters_once_and_rebuilds_the_same_stems()
    {
        var cache = Cache();
        var task = new SeparationTask();
        ConfigSection Separation(string assignment) => TwoInstrumentMix.Task(("assignment", assignment), ("stability_seeds", 2L));
        TrackOutcome Run(string assignment, FeatureCache? c) =>
            TrackPipeline.Run(task, mix.Track, Parsed.Task(Separation(assignment)), TwoInstrumentMix.Nmf(), new ManagedBlas(), c, cacheFactors: c is not null);

        var optimal = Run("optimal", cache);
        var argmax = Run("argmax", cache);

        Assert.False(optimal.PredictionCached);
        Assert.True(argmax.PredictionCached);
        Assert.Single(Entries(cache));
        // Each row reports the other rule under a prefix: the same stems give the same numbers both ways.
        Assert.Equal(optimal.Metrics["si_sdr.mean"], argmax.Metrics["optimal.si_sdr.mean"]);
        Assert.Equal(optimal.Metrics["argmax.si_sdr.mean"], argmax.Metrics["si_sdr.mean"]);
        Assert.Equal(optimal.Metrics["clustering.stability"], argmax.Metrics["clustering.stability"]);
        Assert.Equal(Run("argmax", null).Metrics, argmax.Metrics);
    }

    [Fact]
    public void A_separation_assignment_that_does_not_fit_the_factors_is_declined()
    {
        var task = new SeparationTask();
        var settings = TwoInstrumentMix.Task();
        var input = task.Prepare(mix.Track, Parsed.Task(settings), null, default);
        var factors = NmfGrid.Compute.Factorization.Run(input.V, "mu", "nndsvda", TwoInstrumentMix.Nmf().Options with { MaxIterations = 5 }, new ManagedBlas());

        Assert.NotNull(task.Unpack(new StemEstimate([], [0, 1, 0, 1, 0, 1], null).Pack(), input, factors, Parsed.Task(settings)));
        Assert.Null(task.Unpack(new StemEstimate([], [0, 1, 0], null).Pack(), input, factors, Parsed.Task(settings))); // rank 6, 3 labels
        Assert.Null(task.Unpack(new StemEstimate([], [0, 1, 0, 1, 0, 2], null).Pack(), input, factors, Parsed.Task(settings))); // n_sources 2
    }
}
