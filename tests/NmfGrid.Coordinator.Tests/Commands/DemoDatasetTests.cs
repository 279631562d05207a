using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Sweeps;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// A demo dataset generates its synthetic corpus only where it was asked to: at the root its own preset names, or at a
/// root given on the command line together with `dataset.synthesize_if_missing=true`. A mistyped root is an error that
/// names the key, the path and the fix, and nothing is written there.
/// </summary>
public sealed class DemoDatasetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-demo-dataset-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A benchmark like benchmarks/demo.yaml: reconstruction on a demo preset that generates one tiny maps piece at its own root.</summary>
    private string Benchmark()
    {
        TinyBenchmark.WriteFile(_root, "algorithm/mu.yaml", "name: mu\ninit: nndsvda\nrank: 2\nbeta: 1.0\nmax_iter: 2\ntol: 0.0\n");
        TinyBenchmark.WriteFile(_root, "task/reconstruction.yaml", "name: reconstruction\nsample_rate: 8000\nn_fft: 256\nhop: 128\nduration: 1.0\n");
        TinyBenchmark.WriteFile(_root, "dataset/maps_demo.yaml", $"""
            name: maps
            root: {_root}/synthetic/maps
            synthesize_if_missing: true
            synth_tracks: 1
            synth_duration: 2
            """);
        return TinyBenchmark.WriteFile(_root, "bench.yaml", $"""
            defaults:
              - algorithm: mu
              - task: reconstruction
              - dataset: maps_demo
            run:
              output_dir: {_root}/outputs
              database: {_root}/outputs/nmfgrid.db
            """);
    }

    private static async Task<(int Code, string Output, string Error)> Run(string config, bool plan, params string[] overrides)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await RunCommand.Run(config, overrides, multirun: false, planOnly: plan, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_mistyped_root_is_an_error_naming_the_key_the_path_and_the_fix_and_nothing_is_generated()
    {
        var typo = Path.Combine(_root, "synthetic", "mpas");

        var (code, _, error) = await Run(Benchmark(), plan: false, $"dataset.root={typo}");

        Assert.Equal(2, code);
        Assert.Contains($"dataset.root: dataset folder '{typo}' does not exist (set by override 'dataset.root={typo}')", error);
        Assert.Contains("maps_demo.yaml generates a synthetic corpus only at the root written beside it", error);
        Assert.Contains($"to generate a synthetic maps corpus at '{typo}', add dataset.synthesize_if_missing=true to the command line", error);
        Assert.False(Directory.Exists(typo));
        Assert.False(Directory.Exists(Path.Combine(_root, "outputs")));
    }

    [Fact]
    public async Task A_root_set_in_another_file_is_not_covered_by_the_presets_request()
    {
        var config = Benchmark();
        var elsewhere = Path.Combine(_root, "elsewhere");
        File.AppendAllText(config, $"\ndataset:\n  root: {elsewhere}\n");

        var (code, _, error) = await Run(config, plan: true);

        Assert.True(code == 2, error);
        Assert.Contains($"dataset.root: dataset folder '{elsewhere}' does not exist (set by {config}:", error);
        Assert.False(Directory.Exists(elsewhere));
    }

    [Fact]
    public async Task The_preset_generates_at_its_own_root_with_a_note_not_a_warning()
    {
        var (code, output, error) = await Run(Benchmark(), plan: true);
        Assert.True(code == 0, error);
        Assert.Contains($"note: dataset.root '{_root}/synthetic/maps' does not exist yet: the run will generate a synthetic maps corpus there", error);
        Assert.Contains("1 configuration × tracks = 1 job (reconstruction on maps)", output);
        Assert.False(Directory.Exists(Path.Combine(_root, "synthetic")), "--plan writes no corpus");

        var plan = SweepBuilder.Build("bench", SweepPlanner.Plan(Benchmark(), [], false, DateTimeOffset.UnixEpoch));

        Assert.Equal(["generated a synthetic maps corpus (1 track) in " + Path.Combine(_root, "synthetic", "maps")], plan.Notes.Take(1));
        Assert.Empty(plan.Warnings);
        Assert.True(Directory.Exists(Path.Combine(_root, "synthetic", "maps")));
    }

    [Fact]
    public void Asking_on_the_command_line_generates_at_the_root_given_there()
    {
        var other = Path.Combine(_root, "other");

        var plan = SweepBuilder.Build("bench", SweepPlanner.Plan(Benchmark(),
            [$"dataset.root={other}", "dataset.synthesize_if_missing=true"], false, DateTimeOffset.UnixEpoch));

        Assert.Single(plan.Sweep.Jobs);
        Assert.True(Directory.Exists(other));
        Assert.Contains(plan.Notes, n => n.StartsWith("generated a synthetic maps corpus (1 track) in " + other, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_root_without_a_request_says_how_to_ask_for_one()
    {
        var config = Benchmark();
        TinyBenchmark.WriteFile(_root, "dataset/maps_demo.yaml", $"name: maps\nroot: {_root}/nowhere\n");

        var (code, _, error) = await Run(config, plan: false);

        Assert.Equal(2, code);
        Assert.Contains($"dataset.root: dataset folder '{_root}/nowhere' does not exist", error);
        Assert.Contains("or generate a synthetic one there with +dataset.synthesize_if_missing=true", error);
    }
}
