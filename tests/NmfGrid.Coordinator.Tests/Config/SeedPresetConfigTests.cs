using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Tests.Fixtures;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Separation;

namespace NmfGrid.Coordinator.Tests.Config;

/// <summary>The shipped seed-preset configs compose, pass every task and algorithm check, and start from nn_fac's NNDSVD.</summary>
public class SeedPresetConfigTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);

    private static string Benchmarks() => ShippedBenchmarks.Folder();

    [Fact]
    public void Tasks_seed_runs_the_three_seed_presets_with_their_headline_scoring()
    {
        var points = SweepPlanner.Plan(Path.Combine(Benchmarks(), "tasks-seed.yaml"), [], multirun: true, Now);
        Assert.Equal(3, points.Count);
        var configs = points.Select(p => JobConfig.FromTree(p.Config.Root)).ToArray();
        Assert.Equal(["transcription", "separation", "structure"], configs.Select(c => c.Task.GetString("name", "")));
        Assert.Equal(["maps", "musdb18hq", "beatles"], configs.Select(c => c.Dataset.GetString("name", "")));
        foreach (var config in configs)
        {
            Assert.Equal("seed", config.Task.GetString("preset", ""));
            Assert.Equal("nndsvd_nnfac", NmfSettings.From(config.Algorithm, 0).Initialisation);
            TaskRegistry.Get(config.Task.GetString("name", "")).Parse(config.Task);
        }

        Assert.Equal(0.05, configs[0].Task.GetDouble("onset_tolerance", 0));
        var separation = SeparationSettings.From(configs[1].Task);
        Assert.Equal(AssignmentKind.Optimal, separation.Assignment);
        Assert.Equal(KMeansPlusPlusDraw.Choice, separation.ScikitLearnKMeans);
    }

    [Fact]
    public void The_seeds_harmonic_variant_composes()
    {
        var points = SweepPlanner.Plan(Path.Combine(Benchmarks(), "tasks-seed.yaml"),
            ["task=transcription_seed_harmonic", "algorithm=mu_harmonic_seed", "dataset=maps"], multirun: true, Now);
        var config = JobConfig.FromTree(Assert.Single(points.DistinctBy(p => p.Label)).Config.Root);
        Assert.Equal("harmonic_seed", NmfSettings.From(config.Algorithm, 0).Initialisation);
        TaskRegistry.Get("transcription").Parse(config.Task);
    }
}
