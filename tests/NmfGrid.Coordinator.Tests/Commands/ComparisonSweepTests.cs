using System.Globalization;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// Issue 15 §2 end to end: a three-point rank sweep through `nmfgrid run` writes, in summary.md, the paired comparisons
/// against the configuration report.baseline names and the Friedman ranking of its own results, and the
/// critical-difference diagram next to it; a baseline that names no configuration stops the sweep before it runs.
/// </summary>
public sealed class ComparisonSweepTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-comparison-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Benchmark(string baseline)
    {
        TinyBenchmark.Write(_root, "outputs/nmfgrid.db", tracks: 5, maxIter: 15);
        return TinyBenchmark.WriteFile(_root, "bench.yaml", $"""
            defaults:
              - algorithm: mu
              - task: reconstruction
              - dataset: tiny
            seed: 3
            run:
              workers: 2
              blas: managed
              output_dir: {_root}/outputs
              cache_dir: {_root}/outputs/cache
              database: {_root}/outputs/nmfgrid.db
            report:
              baseline: {baseline}
            sweep:
              params:
                algorithm.rank: 1,2,4
            """);
    }

    private static async Task<(int Code, string Output, string Error)> Run(string bench)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(bench, [], multirun: true, planOnly: false, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Summary_compares_every_configuration_with_the_named_baseline_on_its_own_results()
    {
        var (code, output, error) = await Run(Benchmark("algorithm.rank=2"));
        Assert.True(code == 0, error + output);
        var csvPath = Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single();
        var folder = Path.GetDirectoryName(csvPath)!;
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        var rows = lines[1..].Select(l => header.Zip(l.Split(',')).ToDictionary(c => c.Item1, c => c.Item2)).ToArray();
        Assert.Equal(15, rows.Length);
        // relative_error per configuration and track, from the sweep's own results.
        var errors = rows.GroupBy(r => r["configuration"]).ToDictionary(
            g => g.Key, g => g.ToDictionary(r => r["track"], r => double.Parse(r["relative_error"], CultureInfo.InvariantCulture)));
        var tracks = errors["algorithm.rank=2"].Keys.Order(StringComparer.Ordinal).ToArray();
        var md = File.ReadAllText(Path.Combine(folder, "summary.md"));

        Assert.Contains("### Comparisons on relative_error (lower is better)", md);
        Assert.Contains("Baseline: **algorithm.rank=2** (named by report.baseline)", md);
        var candidates = new[] { "algorithm.rank=1", "algorithm.rank=4" };
        var pValues = candidates.Select(c => WilcoxonSignedRank.Test(tracks.Select(t => errors[c][t] - errors["algorithm.rank=2"][t]).ToArray()).PValue).ToArray();
        var holm = HolmCorrection.Adjust(pValues);
        for (var i = 0; i < candidates.Length; i++)
        {
            var differences = tracks.Select(t => errors[candidates[i]][t] - errors["algorithm.rank=2"][t]).ToArray();
            var (better, equal) = (differences.Count(d => d < 0), differences.Count(d => d == 0)); // lower error is better
            var interval = Bootstrap.MeanInterval(differences);
            var row = $"| {candidates[i]} | 5 | {ReportNumbers.Signed(differences.Average())} | [{ReportNumbers.Signed(interval.Low)}, {ReportNumbers.Signed(interval.High)}] | " +
                      $"{ReportNumbers.PValue(pValues[i])} | {ReportNumbers.PValue(holm[i])} | {better} / {equal} / {5 - better - equal} |";
            Assert.Contains(row, md);
        }
        // More components fit better on every track here: rank 1 loses to rank 2 everywhere, rank 4 wins everywhere,
        // so with 5 tracks the exact two-sided p-value is 2 / 2^5.
        Assert.Contains("| algorithm.rank=1 | 5 | +", md);
        Assert.Contains("| 0.0625 | 0.125 | 0 / 0 / 5 |", md);
        Assert.Contains("| 0.0625 | 0.125 | 5 / 0 / 0 |", md);

        // The Friedman ranking: average rank per configuration (1 = lowest error) over the five tracks.
        var configurations = new[] { "algorithm.rank=1", "algorithm.rank=2", "algorithm.rank=4" };
        var rankSums = configurations.ToDictionary(c => c, _ => 0.0);
        foreach (var t in tracks)
        {
            var byError = configurations.OrderBy(c => errors[c][t]).ToArray();
            for (var r = 0; r < byError.Length; r++)
                rankSums[byError[r]] += r + 1;
        }
        Assert.Equal([5.0, 10.0, 15.0], configurations.Select(c => rankSums[c]).OrderBy(s => s));
        Assert.Contains($"| 1 | algorithm.rank=4 | {ReportNumbers.Plain(rankSums["algorithm.rank=4"] / 5)} |", md);
        Assert.Contains($"| 3 | algorithm.rank=1 | {ReportNumbers.Plain(rankSums["algorithm.rank=1"] / 5)} |", md);
        // χ² = 12/(n k (k+1)) Σ R² − 3 n (k+1) = 12/60 · (25 + 100 + 225) − 60 = 10, p = exp(−5) (2 degrees of freedom).
        Assert.Contains($"Friedman χ² = 10 (2 degrees of freedom), p = {ReportNumbers.PValue(Math.Exp(-5))}", md);
        Assert.True(File.Exists(Path.Combine(folder, "reconstruction-relative_error-cd.png")));
        Assert.Contains($"Plot:   {Path.Combine(folder, "reconstruction-relative_error-cd.png")}", output);

        // Another baseline reuses every job (report: is no part of a job's id) and only changes the summary.
        var again = await Run(Benchmark("0"));
        Assert.True(again.Code == 0, again.Error + again.Output);
        Assert.Contains("Reusing 15 of 15 jobs", again.Output);
        Assert.Contains("Baseline: **algorithm.rank=1** (named by report.baseline)", File.ReadAllText(Path.Combine(folder, "summary.md")));
    }

    [Fact]
    public async Task A_baseline_that_names_no_configuration_stops_the_sweep_naming_the_key_and_value()
    {
        var (code, output, error) = await Run(Benchmark("algorithm.rank=3"));

        Assert.NotEqual(0, code);
        Assert.Contains("report.baseline", error);
        Assert.Contains("'algorithm.rank=3' names no configuration", error);
        Assert.False(Directory.Exists(Path.Combine(_root, "outputs")) && Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Length > 0, output);
    }
}
