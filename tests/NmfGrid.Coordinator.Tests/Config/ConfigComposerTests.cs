using NmfGrid.Coordinator.Config;

namespace NmfGrid.Coordinator.Tests.Config;

public class ConfigComposerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 21, 5, 9, TimeSpan.Zero);

    private static ComposedConfig Compose(ConfigFolder folder, params string[] overrides) =>
        new ConfigComposer(Path.Combine(folder.Root, "demo.yaml")).Compose(overrides.Select(OverrideParser.Parse).ToArray(), Now);

    private static object? At(ComposedConfig config, string path) => config.Root.TryGet(path, out var v) ? v : "<missing>";

    [Fact]
    public void Group_options_land_under_their_group_and_the_primary_file_wins()
    {
        using var folder = ConfigFolder.Benchmark();
        var config = Compose(folder);
        Assert.Equal("mu", At(config, "algorithm.name"));
        Assert.Equal(8L, At(config, "algorithm.rank"));
        Assert.Equal(1.0, At(config, "algorithm.beta"));
        Assert.Equal(4L, At(config, "task.clusters"));
        Assert.Equal("mu", config.GroupChoices["algorithm"]);
        Assert.False(config.Root.ContainsKey("defaults"));
    }

    [Fact]
    public void Self_first_lets_groups_override_the_primary_file()
    {
        using var folder = ConfigFolder.Benchmark();
        folder.Write("demo.yaml", "defaults:\n  - _self_\n  - algorithm: mu\nalgorithm:\n  rank: 8\n");
        Assert.Equal(10L, At(Compose(folder), "algorithm.rank"));
    }

    [Fact]
    public void Group_choice_override_swaps_the_option()
    {
        using var folder = ConfigFolder.Benchmark();
        var config = Compose(folder, "algorithm=hals");
        Assert.Equal("hals", At(config, "algorithm.name"));
        Assert.Equal(2.0, At(config, "algorithm.beta"));
        Assert.Equal(8L, At(config, "algorithm.rank"));
    }

    [Fact]
    public void Unknown_group_option_lists_the_available_ones()
    {
        using var folder = ConfigFolder.Benchmark();
        var e = Assert.Throws<ConfigException>(() => Compose(folder, "algorithm=halz"));
        Assert.Contains("override 'algorithm=halz'", e.Message);
        Assert.Contains("no option 'halz' in group 'algorithm'", e.Message);
        Assert.Contains("hals, mu", e.Message);
    }

    [Fact]
    public void Unknown_option_in_the_defaults_list_names_the_file_and_line()
    {
        using var folder = ConfigFolder.Benchmark();
        folder.Write("demo.yaml", "seed: 1\ndefaults:\n  - algorithm: nope\n");
        var e = Assert.Throws<ConfigException>(() => Compose(folder));
        Assert.Contains("demo.yaml:2", e.Message);
        Assert.Contains("no option 'nope'", e.Message);
    }

    [Fact]
    public void Values_are_overridden_added_and_deleted()
    {
        using var folder = ConfigFolder.Benchmark();
        var config = Compose(folder, "algorithm.rank=20", "+algorithm.l1_ratio=0.5", "++seed=7", "~dataset.crop_seconds");
        Assert.Equal(20L, At(config, "algorithm.rank"));
        Assert.Equal(0.5, At(config, "algorithm.l1_ratio"));
        Assert.Equal(7L, At(config, "seed"));
        Assert.Equal("<missing>", At(config, "dataset.crop_seconds"));
        Assert.Equal(SourceLocation.FromOverride("algorithm.rank=20"), config.LocationOf("algorithm.rank"));
    }

    [Theory]
    [InlineData("algorithm.rnak=20", "no key 'algorithm.rnak'")]
    [InlineData("+algorithm.rank=20", "already exists")]
    [InlineData("~algorithm.nothing", "no key 'algorithm.nothing' in the config to delete")]
    [InlineData("~algorithm.rank=3", "is 8, not 3")]
    [InlineData("seed.inner=1", "no key 'seed.inner'")]
    [InlineData("+seed.inner=1", "a parent of it is not a mapping")]
    [InlineData("algorithm.rank=10,20", "run with --multirun")]
    [InlineData("algorithm=[1]", "its value must be an option name")]
    public void Bad_value_overrides_name_the_override(string text, string problem)
    {
        using var folder = ConfigFolder.Benchmark();
        var e = Assert.Throws<ConfigException>(() => Compose(folder, text));
        Assert.Contains($"override '{text}'", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Groups_can_be_added_and_removed()
    {
        using var folder = ConfigFolder.Benchmark();
        folder.Write("demo.yaml", "defaults:\n  - algorithm: mu\n");
        var added = Compose(folder, "+task=separation");
        Assert.Equal("separation", At(added, "task.name"));
        var removed = Compose(folder, "~algorithm");
        Assert.Equal("<missing>", At(removed, "algorithm"));
    }

    [Fact]
    public void Interpolation_keeps_types_and_concatenates_strings()
    {
        using var folder = ConfigFolder.Benchmark();
        folder.Write("demo.yaml", """
            defaults:
              - algorithm: mu
            k: ${algorithm.rank}
            label: rank-${algorithm.rank}-${now:%Y%m%d_%H%M%S}
            escaped: \${not.a.reference}
            chain: ${k}
            """);
        var config = Compose(folder);
        Assert.Equal(10L, At(config, "k"));
        Assert.Equal(10L, At(config, "chain"));
        Assert.Equal("rank-10-20261125_210509", At(config, "label"));
        Assert.Equal("${not.a.reference}", At(config, "escaped"));
    }

    [Fact]
    public void Interpolation_sees_overridden_values()
    {
        using var folder = ConfigFolder.Benchmark();
        Assert.Equal("outputs/separation/maps", At(Compose(folder), "output"));
        folder.Write("dataset/rwcpop.yaml", "name: rwcpop\n");
        Assert.Equal("outputs/separation/rwcpop", At(Compose(folder, "dataset=rwcpop"), "output"));
    }

    [Fact]
    public void Environment_variables_resolve_with_defaults()
    {
        using var folder = ConfigFolder.Benchmark();
        Environment.SetEnvironmentVariable("NMFGRID_TEST_ROOT", "/data/x");
        folder.Write("demo.yaml", "root: ${env:NMFGRID_TEST_ROOT}\nfallback: ${oc.env:NMFGRID_TEST_UNSET_VAR,7}\n");
        var config = Compose(folder);
        Assert.Equal("/data/x", At(config, "root"));
        Assert.Equal(7L, At(config, "fallback"));
    }

    [Theory]
    [InlineData("x: ${env:NMFGRID_TEST_UNSET_VAR}\n", "environment variable 'NMFGRID_TEST_UNSET_VAR' is not set")]
    [InlineData("x: ${y}\ny: ${x}\n", "interpolation cycle: x -> y -> x")]
    [InlineData("x: ${nowhere.to.be.found}\n", "refers to a key that does not exist")]
    [InlineData("x: ${shout:loud}\n", "unknown resolver 'shout'")]
    [InlineData("x: ${y\ny: 1\n", "unterminated interpolation")]
    public void Interpolation_errors_name_the_file_line_and_key(string yaml, string problem)
    {
        using var folder = ConfigFolder.Benchmark();
        folder.Write("demo.yaml", yaml);
        var e = Assert.Throws<ConfigException>(() => Compose(folder));
        Assert.Contains("demo.yaml:1", e.Message);
        Assert.Contains("key 'x'", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("a: [1, 2\n", "demo.yaml:", "malformed YAML")]
    [InlineData("a: 1\nb: [1, 2\nc: 3\n", "demo.yaml:", "unclosed '['")]
    [InlineData("a: 1\n\tb: 2\n", "demo.yaml:2:", "replace the tab")]
    [InlineData("seed: 0\nrun:\n  workers: 2\n\tblas: auto\n", "demo.yaml:4:", "tab character")]
    [InlineData("a: \"open\nb: 2\n", "demo.yaml:2:", "starts on line 1")]
    [InlineData("a: 1\na: 2\n", "demo.yaml:2", "uplicate key")]
    [InlineData("- 1\n- 2\n", "demo.yaml:1", "must be a mapping")]
    [InlineData("defaults: 3\n", "demo.yaml:1", "'defaults' must be a list")]
    public void Malformed_files_name_the_file_and_line(string yaml, string where, string problem)
    {
        using var folder = ConfigFolder.Benchmark();
        folder.Write("demo.yaml", yaml);
        var e = Assert.Throws<ConfigException>(() => Compose(folder));
        Assert.Contains(where, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_copy_away_from_its_groups_says_where_they_were_looked_for_and_config_dir_points_at_them()
    {
        using var folder = ConfigFolder.Benchmark();
        using var elsewhere = new ConfigFolder();
        var copy = elsewhere.Write("demo.yaml", File.ReadAllText(Path.Combine(folder.Root, "demo.yaml")));

        var e = Assert.Throws<ConfigException>(() => new ConfigComposer(copy).Compose([], Now));

        Assert.Contains($"{copy}:1: config group 'algorithm' not found: looked for the folder '{Path.Combine(elsewhere.Root, "algorithm")}/'", e.Message);
        Assert.Contains("--config-dir benchmarks", e.Message);
        var config = new ConfigComposer(copy, [folder.Root]).Compose([OverrideParser.Parse("algorithm=hals")], Now);
        Assert.Equal("hals", At(config, "algorithm.name"));
        Assert.Equal("maps", At(config, "dataset.name"));
    }

    [Fact]
    public void A_sweep_written_in_the_file_is_blamed_on_its_line_not_on_an_override_nobody_typed()
    {
        using var folder = new ConfigFolder();
        var bench = folder.Write("demo.yaml", """
            defaults:
              - algorithm: mu
            sweep:
              params:
                zip(algorithm,seed): (mu,1),(hals,2)
            """);

        var e = Assert.Throws<ConfigException>(() => SweepPlanner.Plan(bench, [], multirun: true, Now));

        Assert.StartsWith($"{bench}:5: config group 'algorithm' not found", e.Message);
        Assert.DoesNotContain("override '", e.Message);
    }

    [Fact]
    public void Missing_primary_file_is_named()
    {
        var e = Assert.Throws<ConfigException>(() => new ConfigComposer("/nonexistent/bench.yaml"));
        Assert.Contains("/nonexistent/bench.yaml", e.Message);
    }
}
