using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Config;

namespace NmfGrid.Coordinator.Tests.Config;

/// <summary>A registered algorithm's or task's name selects it with no preset file; a preset of that name still wins.</summary>
public class RegisteredOptionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 21, 5, 9, TimeSpan.Zero);

    private static ComposedConfig Compose(ConfigFolder folder, params string[] overrides) =>
        new ConfigComposer(Path.Combine(folder.Root, "demo.yaml"), registered: RegisteredGroups.All).Compose(overrides.Select(OverrideParser.Parse).ToArray(), Now);

    private static object? At(ComposedConfig config, string path) => config.Root.TryGet(path, out var v) ? v : "<missing>";

    [Fact]
    public void A_registered_algorithm_without_a_preset_gets_its_section_from_the_code()
    {
        using var folder = ConfigFolder.Benchmark(); // presets: mu, hals
        var config = Compose(folder, "algorithm=nmfd", "algorithm.lags=4", "algorithm.max_iter=50");

        Assert.Equal("nmfd", config.GroupChoices["algorithm"]);
        Assert.Equal("nmfd", At(config, "algorithm.name"));
        Assert.Equal("nndsvda", At(config, "algorithm.init"));
        Assert.Equal(8L, At(config, "algorithm.rank")); // the primary file's own value wins, as over a preset
        Assert.Equal(2.0, At(config, "algorithm.beta"));
        Assert.Equal(50L, At(config, "algorithm.max_iter")); // every key is there to override without '+'
        Assert.Equal(1e-4, At(config, "algorithm.tol"));
        Assert.Equal(4L, At(config, "algorithm.lags")); // the solver's own ModelParameter, default 8
        Assert.Equal(["name", "init", "rank", "beta", "max_iter", "tol", "lags"], ((ConfigMap)At(config, "algorithm")!).Keys);
    }

    [Fact]
    public void A_preset_of_the_same_name_wins_over_the_code()
    {
        using var folder = ConfigFolder.Benchmark();
        var config = Compose(folder, "algorithm=hals");

        Assert.Equal("hals", At(config, "algorithm.name"));
        Assert.Equal("<missing>", At(config, "algorithm.max_iter")); // hals.yaml has no max_iter; the code's section would
    }

    [Fact]
    public void A_registered_task_without_a_preset_is_its_name_alone()
    {
        using var folder = ConfigFolder.Benchmark();
        var config = Compose(folder, "task=structure");

        Assert.Equal(["name"], ((ConfigMap)At(config, "task")!).Keys);
        Assert.Equal("structure", At(config, "task.name"));
    }

    [Fact]
    public void A_name_neither_a_preset_nor_registered_lists_both()
    {
        using var folder = ConfigFolder.Benchmark();
        var e = Assert.Throws<ConfigException>(() => Compose(folder, "algorithm=halz"));

        Assert.Contains("no option 'halz' in group 'algorithm'", e.Message);
        Assert.Contains("available: hals, mu; or one of the registered algorithms, which need no file: cd, cp_hals, cp_mu, hals, minvol, mu, nmfd,", e.Message);
    }

    [Fact]
    public void Groups_the_code_does_not_know_stay_files_only()
    {
        using var folder = ConfigFolder.Benchmark();
        var e = Assert.Throws<ConfigException>(() =>
            new ConfigComposer(Path.Combine(folder.Root, "demo.yaml"), registered: [RegisteredGroups.Algorithms, RegisteredGroups.Tasks])
                .Compose([OverrideParser.Parse("dataset=musdb18hq")], Now));

        Assert.EndsWith("available: maps", e.Message);
    }

    [Fact]
    public void A_registered_dataset_needs_no_preset_and_is_looked_for_under_the_data_root()
    {
        using var folder = ConfigFolder.Benchmark();
        var config = Compose(folder, "dataset=musdb18hq");

        Assert.True(config.Root.TryGet("dataset.name", out var name));
        Assert.Equal("musdb18hq", name);
        Assert.True(config.Root.TryGet("dataset.root", out var root));
        Assert.EndsWith("/musdb18hq", Assert.IsType<string>(root));
    }
}
