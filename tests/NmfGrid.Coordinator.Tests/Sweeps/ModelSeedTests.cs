using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>A job's seed follows what its model depends on, not how its predictions are scored.</summary>
public class ModelSeedTests
{
    private static ConfigMap Config(params (string Path, object? Value)[] changes)
    {
        var root = new ConfigMap();
        foreach (var (path, value) in new (string, object?)[]
                 {
                     ("task.name", "transcription"), ("task.n_fft", 2048L), ("task.onset_tolerance", 0.05), ("task.threshold", 0.1),
                     ("algorithm.name", "mu"), ("algorithm.rank", 88L), ("algorithm.init", "random"),
                     ("dataset.name", "maps"), ("dataset.root", "/data/maps"), ("dataset.tracks", 4L),
                     ("seed", 3L), ("run.workers", 2L),
                 }.Concat(changes))
        {
            root.TrySet(path, value);
        }
        return root;
    }

    private static int Seed(ConfigMap config, string track = "MAPS_MUS-a", int baseSeed = 3) =>
        ModelSeed.Derive(config, TaskRegistry.Get("transcription"), "maps", track, baseSeed);

    [Theory]
    [InlineData("task.onset_tolerance", 0.2)]
    [InlineData("task.threshold", 0.5)]
    [InlineData("dataset.tracks", 2L)]
    [InlineData("run.workers", 8L)]
    public void A_scoring_key_or_the_track_selection_keeps_the_seed(string key, object value) =>
        Assert.Equal(Seed(Config()), Seed(Config((key, value))));

    [Theory]
    [InlineData("algorithm.rank", 40L)]
    [InlineData("algorithm.init", "nndsvda")]
    [InlineData("task.n_fft", 4096L)]
    [InlineData("dataset.root", "/data/other")]
    [InlineData("seed", 4L)]
    public void A_model_key_changes_the_seed(string key, object value) =>
        Assert.NotEqual(Seed(Config()), Seed(Config((key, value))));

    [Fact]
    public void Each_track_and_base_seed_has_its_own_seed()
    {
        Assert.NotEqual(Seed(Config()), Seed(Config(), track: "MAPS_MUS-b"));
        Assert.NotEqual(Seed(Config()), Seed(Config(), baseSeed: 4));
        Assert.InRange(Seed(Config()), 0, int.MaxValue);
    }

    [Fact]
    public void Every_prediction_key_a_task_declares_is_a_setting_it_knows()
    {
        // A misspelt entry would silently share nothing: each must be a key the task's own check knows (null: its default).
        foreach (var task in TaskRegistry.Names.Select(TaskRegistry.Get))
        {
            foreach (var key in task.PredictionKeys)
            {
                var settings = new ConfigSection("task", new Dictionary<string, object?> { ["name"] = task.Name, [key] = null });
                var error = Record.Exception(() => task.Parse(settings));
                Assert.False(error is ConfigKeyException e && e.Message.Contains("unknown setting"), $"{task.Name}: {key}: {error?.Message}");
            }
        }
    }
}
