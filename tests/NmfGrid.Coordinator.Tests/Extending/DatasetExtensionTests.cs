using System.CommandLine;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Tasks.Datasets;

namespace NmfGrid.Coordinator.Tests.Extending;

/// <summary>
/// Issue 17 §1: a dataset is one file (loader and generator) plus one registration. <see cref="ChimesDataset"/> lives in
/// this test assembly and is registered through the public surface alone; then `datasets list`, `datasets synth`,
/// `datasets check` and a sweep (`dataset=chimes`, no preset file) take it like a shipped one.
/// </summary>
public sealed class DatasetExtensionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-dataset-extension-").FullName;

    public DatasetExtensionTests() => ChimesDataset.Register();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = Program.Build().Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A benchmark with no group folders: the dataset is chosen by its registered name alone.</summary>
    private string Benchmark() => WriteBenchFile("bench.yaml", $"""
        defaults:
          - dataset: chimes
          - _self_
        seed: 3
        algorithm: {"{"}name: mu, init: random, rank: 8, beta: 1.0, max_iter: 20, tol: 0.0{"}"}
        task: {"{"}name: transcription, sample_rate: 8000, n_fft: 512, hop_length: 160, onset_tolerance: 0.05{"}"}
        run:
          workers: 2
          max_attempts: 1
          blas: managed
          output_dir: {_root}/outputs
          cache_dir: {_root}/outputs/cache
          database: {_root}/outputs/nmfgrid.db
        """);

    private string WriteBenchFile(string name, string text)
    {
        var path = Path.Combine(_root, "bench", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_dataset_registered_from_outside_is_listed_synthesised_checked_and_swept_with_nothing_else_added()
    {
        var list = Cli("datasets", "list");
        Assert.Contains("chimes", list.Out);

        var data = Path.Combine(_root, "data", "chimes");
        var synth = Cli("datasets", "synth", "--kind", "chimes", "--out", data, "--tracks", "2", "--duration", "3", "--sample-rate", "8000");
        Assert.True(synth.Code == 0, synth.Err);
        var check = Cli("datasets", "check", "chimes", data);
        Assert.True(check.Code == 0, check.Err);
        Assert.Contains("2 tracks, 0 problems", check.Out);

        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await RunCommand.Run(Benchmark(), [$"dataset.root={data}"], multirun: false, planOnly: false, output, error, CancellationToken.None);

        Assert.True(code == 0, error.ToString() + output);
        var lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single());
        var header = lines[0].Split(',');
        var rows = lines[1..].Select(line => header.Zip(line.Split(',')).ToDictionary(c => c.Item1, c => c.Item2)).ToList();
        Assert.Equal(["chime_01", "chime_02"], rows.Select(r => r["track"]).Order(StringComparer.Ordinal));
        // The transcription task took the chimes for what they are, INoteTrack, and scored them against their planted notes.
        Assert.All(rows, r => Assert.True(r["status"] == "succeeded", string.Join(", ", r.Select(p => $"{p.Key}={p.Value}"))));
        Assert.All(rows, r => Assert.Equal("3", r["notes.reference"])); // 3 s of chimes, one planted note a second
    }

    [Fact]
    public async Task A_registered_dataset_without_a_preset_or_data_is_refused_naming_dataset_root()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await RunCommand.Run(Benchmark(), [], multirun: false, planOnly: true, output, error, CancellationToken.None);

        Assert.NotEqual(0, code);
        Assert.Contains("dataset.root", error.ToString());
        Assert.Contains("chimes' does not exist", error.ToString());
    }

    [Fact]
    public async Task An_unregistered_dataset_without_a_preset_is_refused_naming_the_preset_file_looked_for()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await RunCommand.Run(Benchmark(), ["dataset=gongs"], multirun: false, planOnly: true, output, error, CancellationToken.None);

        Assert.NotEqual(0, code);
        Assert.Contains("no option 'gongs' in group 'dataset'", error.ToString());
        Assert.Contains(Path.Combine(_root, "bench", "dataset", "gongs.yaml"), error.ToString());
        Assert.DoesNotContain("gongs", DatasetRegistry.Names);
    }
}
