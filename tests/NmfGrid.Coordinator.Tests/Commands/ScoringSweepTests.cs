using NmfGrid.Coordinator.Commands;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// Issue 14 §5 end to end: a sweep over a scoring key (two onset tolerances) through `nmfgrid run` factorises and
/// predicts each track once, and its two rows per track score the same predicted notes; a sweep over a prediction key
/// (two thresholds) predicts each track twice from one factorisation.
/// </summary>
public sealed class ScoringSweepTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-scoring-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Benchmark(bool cacheFactors, string sweep)
    {
        TinyBenchmark.WriteFile(_root, "algorithm/mu.yaml", "name: mu\ninit: random\nrank: 12\nbeta: 1.0\nmax_iter: 20\ntol: 0.0\n");
        TinyBenchmark.TranscriptionOnMaps(_root, duration: 3.0, taskLines: "threshold: 0.02\n");
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
                {sweep}
            """);
    }

    private const string Tolerances = "task.onset_tolerance: 0.02,0.2";

    private async Task<List<Dictionary<string, string>>> Sweep(bool cacheFactors, string sweep = Tolerances)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(Benchmark(cacheFactors, sweep), [], multirun: true, planOnly: false, output, error, CancellationToken.None);
        Assert.True(code == 0, error.ToString() + output);
        var lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single());
        var header = lines[0].Split(',');
        return lines[1..].Select(line => header.Zip(line.Split(',')).ToDictionary(c => c.Item1, c => c.Item2)).ToList();
    }

    private string[] FactorEntries() => Entries(FactorArtifact.Kind);

    private string[] PredictionEntries() => Entries(PredictionArtifact.Kind);

    private string[] Entries(string kind) =>
        Directory.Exists(Path.Combine(_root, "outputs", "cache"))
            ? Directory.GetFiles(Path.Combine(_root, "outputs", "cache"), kind + "-*.feat")
            : [];

    [Fact]
    public async Task A_sweep_over_two_onset_tolerances_factorises_once_per_track_and_scores_the_same_notes()
    {
        var rows = await Sweep(cacheFactors: true);

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("succeeded", r["status"]));
        // One factorisation and one prediction per track: one cached entry each, and both rows carry the factorisation's
        // very loss and iterations and the same notes.
        Assert.Equal(2, FactorEntries().Length);
        Assert.Equal(2, PredictionEntries().Length);
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
        Assert.Empty(PredictionEntries());
        // The seed follows the model, not the tolerance: the two factorisations of a track are the same computation.
        foreach (var track in rows.GroupBy(r => r["track"]))
            Assert.Single(track.Select(r => (r["final_loss"], r["notes.estimated"])).Distinct());
    }

    [Fact]
    public async Task A_sweep_over_two_thresholds_predicts_twice_per_track_from_one_factorisation()
    {
        var rows = await Sweep(cacheFactors: true, "task.threshold: 0.01,0.3");

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("succeeded", r["status"]));
        Assert.Equal(2, FactorEntries().Length);
        Assert.Equal(4, PredictionEntries().Length);
        foreach (var track in rows.GroupBy(r => r["track"]))
        {
            var (low, high) = (track.Single(r => r["task.threshold"] == "0.01"), track.Single(r => r["task.threshold"] == "0.3"));
            Assert.Equal(low["final_loss"], high["final_loss"]);
            Assert.NotEqual(low["notes.estimated"], high["notes.estimated"]);
        }
    }
}
