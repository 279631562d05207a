using NmfGrid.Coordinator.Config;

namespace NmfGrid.Coordinator.Tests.Config;

public class SweepPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 21, 5, 9, TimeSpan.Zero);

    private static IReadOnlyList<SweepPoint> Plan(ConfigFolder folder, bool multirun, params string[] overrides) =>
        SweepPlanner.Plan(Path.Combine(folder.Root, "demo.yaml"), overrides, multirun, Now);

    [Fact]
    public void Cartesian_product_varies_the_last_dimension_fastest()
    {
        using var folder = ConfigFolder.Benchmark();
        var points = Plan(folder, true, "algorithm=mu,hals", "algorithm.rank=4,8,16");
        Assert.Equal(6, points.Count);
        Assert.Equal(
            ["algorithm=mu,algorithm.rank=4", "algorithm=mu,algorithm.rank=8", "algorithm=mu,algorithm.rank=16",
             "algorithm=hals,algorithm.rank=4", "algorithm=hals,algorithm.rank=8", "algorithm=hals,algorithm.rank=16"],
            points.Select(p => p.Label));
        Assert.Equal(2.0, points[4].Config.Root.TryGet("algorithm.beta", out var beta) ? beta : null);
        Assert.Equal(Enumerable.Range(0, 6), points.Select(p => p.Index));
    }

    [Fact]
    public void Zip_moves_keys_together_instead_of_multiplying()
    {
        using var folder = ConfigFolder.Benchmark();
        var points = Plan(folder, true, "zip(algorithm.rank,algorithm.beta)=(4,0.0),(8,1.0),(16,2.0)", "seed=1,2");
        Assert.Equal(6, points.Count);
        Assert.Equal("algorithm.rank=16,algorithm.beta=2,seed=2", points[5].Label);
    }

    [Fact]
    public void Zip_can_pair_group_choices()
    {
        using var folder = ConfigFolder.Benchmark();
        folder.Write("task/transcription.yaml", "name: transcription\n");
        folder.Write("dataset/musdb.yaml", "name: musdb\n");
        var points = Plan(folder, true, "zip(task,dataset)=(separation,musdb),(transcription,maps)");
        Assert.Equal(2, points.Count);
        Assert.Equal(("separation", "musdb"), (points[0].Config.GroupChoices["task"], points[0].Config.GroupChoices["dataset"]));
        Assert.Equal("transcription", points[1].Config.Root.TryGet("task.name", out var t) ? t : null);
        Assert.Equal("maps", points[1].Config.Root.TryGet("dataset.name", out var d) ? d : null);
    }

    [Fact]
    public void Ids_depend_on_the_resolved_config_only()
    {
        using var folder = ConfigFolder.Benchmark();
        var sweep = Plan(folder, true, "algorithm.rank=4,8");
        var again = Plan(folder, true, "algorithm.rank=8,4");
        var single = Plan(folder, false, "algorithm.rank=8");
        Assert.NotEqual(sweep[0].Id, sweep[1].Id);
        Assert.Equal(sweep[1].Id, again[0].Id);
        Assert.Equal(sweep[1].Id, single[0].Id);
        Assert.Matches("^[0-9a-f]{16}$", single[0].Id);
    }

    [Fact]
    public void No_overrides_plan_one_point()
    {
        using var folder = ConfigFolder.Benchmark();
        var point = Assert.Single(Plan(folder, false));
        Assert.Equal("default", point.Label);
    }

    [Fact]
    public void A_sweep_without_multirun_is_refused()
    {
        using var folder = ConfigFolder.Benchmark();
        var e = Assert.Throws<ConfigException>(() => Plan(folder, false, "algorithm.rank=4,8"));
        Assert.Contains("--multirun", e.Message);
    }

    [Fact]
    public void Sweeps_written_in_the_file_expand_and_command_line_wins()
    {
        using var folder = ConfigFolder.Benchmark();
        folder.Write("demo.yaml", """
            defaults:
              - algorithm: mu
            seed: 0
            sweep:
              params:
                algorithm.rank: 4,8
                seed: range(0,3)
            """);
        Assert.Equal(6, Plan(folder, true).Count);
        var points = Plan(folder, true, "algorithm.rank=32");
        Assert.Equal(3, points.Count);
        Assert.All(points, p => Assert.Equal(32L, p.Config.Root.TryGet("algorithm.rank", out var r) ? r : null));
        Assert.All(points, p => Assert.False(p.Config.Root.ContainsKey("sweep")));
    }

    [Fact]
    public void Every_point_is_composed_before_anything_runs()
    {
        using var folder = ConfigFolder.Benchmark();
        var e = Assert.Throws<ConfigException>(() => Plan(folder, true, "algorithm=mu,bogus"));
        Assert.Contains("no option 'bogus'", e.Message);
    }
}
