using NmfGrid.Coordinator.Commands;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// Issue 14 §5 end to end: a sweep over a scoring key (two onset tolerances) through `nmfgrid run` factorises each
/// track once, and its two rows per track score the same predicted notes.
/// </summary>
public sealed class ScoringSweepTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-scoring-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Benchmark(bool cacheFactors)
    {
        TinyBenchmark.WriteFile(_root, "algorithm/mu.yaml", "name: mu\ninit: random\nrank: 12\nbeta: 1.0\nmax_iter: 20\ntol: 0.0\n");
        TinyBenchmark.WriteFile(_root, "task/transcription.yaml", "name: transcription\nsample_rate: 22050\nn_fft: 1024\nhop_length: 441\nonset_tolerance: 0.05\n");
        TinyBenchmark.WriteFile(_root, "dataset/tiny.yaml", $"""
            name: maps
            root: {_root}/data/maps
            synthesize_if_missing: true
            synth_tracks: 2
            synth_duration: 3.0
            """);
        return TinyBenchmark.WriteFile(_root, "bench.yaml", $"""
            defaults:
              - algorithm: mu
              - task: transcription
              - dataset: tiny
            seed: 3
            run:
              workers: 2
              blas: managed
              output_dir: {_root}/outputs
              cache_dir: {_root}/outputs/cache
              cache_factors: {(cacheFactors ? "true" : "false")}
              database: {_root}/outputs/nmfgrid.db
            sweep:
              params:
                task.onset_tolerance: 0.02,0.2
            """);
    }

    private async Task<List<Dictionary<string, string>>> Sweep(bool cacheFactors)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(Benchmark(cacheFactors), [], multirun: true, planOnly: false, output, error, CancellationToken.None);
        Assert.True(code == 0, error.ToString() + output);
        var lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single());
        var header = lines[0].Split(',');
        return lines[1..].Select(line => header.Zip(line.Split(',')).ToDictionary(c => c.Item1, c => c.Item2)).ToList();
    }

    private string[] FactorEntries() =>
        Directory.Exists(Path.Combine(_root, "outputs", "cache"))
            ? Directory.GetFiles(Path.Combine(_root, "outputs", "cache"), FactorArtifact.Kind + "-*.feat")
            : [];

    [Fact]
    public async Task A_sweep_over_two_onset_tolerances_factorises_once_per_track_and_scores_the_same_notes()
    {
        var rows = await Sweep(cacheFactors: true);

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("succeeded", r["status"]));
        // One factorisation per track: one cached entry each, and both rows carry its very loss and iterations.
        Assert.Equal(2, FactorEntries().Length);
        foreach (var track in rows.GroupBy(r => r["track"]))
        {
            var (strict, loose) = (track.Single(r => r["task.onset_tolerance"] == "0.02"), track.Single(r => r["task.onset_tolerance"] == "0.2"));
            foreach (var column in new[] { "final_loss", "iterations", "notes.estimated", "frame.f1" })
                Assert.True(strict[column] == loose[column], $"{track.Key}: {column} {strict[column]} vs {loose[column]}");
            Assert.NotEqual("0", strict["notes.estimated"]);
        }
    }

    [Fact]
    public async Task With_cache_factors_off_the_rows_still_share_their_model_but_nothing_is_stored()
    {
        var rows = await Sweep(cacheFactors: false);

        Assert.Empty(FactorEntries());
        // The seed follows the model, not the tolerance: the two factorisations of a track are the same computation.
        foreach (var track in rows.GroupBy(r => r["track"]))
            Assert.Single(track.Select(r => (r["final_loss"], r["notes.estimated"])).Distinct());
    }
}
