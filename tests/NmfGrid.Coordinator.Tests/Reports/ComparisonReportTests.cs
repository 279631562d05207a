using NmfGrid.Coordinator.Reports;
using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Tests.Reports;

/// <summary>summary.md's comparison section and the critical-difference diagram on hand-built ledgers.</summary>
public sealed class ComparisonReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nmfgrid-comparison-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Without_a_baseline_the_best_by_mean_is_compared_with_every_other()
    {
        var md = SweepSummary.ToMarkdown(ResultsTable.From(ReportSamples.Ledger(3, 4), "sweep-r"), "rank sweep");

        Assert.Contains("### Comparisons on relative_error (lower is better)", md);
        // relative_error = 0.5 / (point + 1) + 0.01 track: rank=6 (point 2) is best; rank=2 is 0.5 − 0.1667 worse on every track.
        Assert.Contains("Baseline: **algorithm.rank=6** (the best by mean; name another with report.baseline)", md);
        Assert.Contains("| algorithm.rank=2 | 4 | +0.3333 | [+0.3333, +0.3333] | 0.125 | 0.25 | 0 / 0 / 4 |", md);
        Assert.Contains("| algorithm.rank=4 | 4 | +0.0833 | [+0.0833, +0.0833] | 0.125 | 0.25 | 0 / 0 / 4 |", md);
        // Friedman over 4 tracks, 3 configurations in the same order everywhere: χ² = 8, p = exp(−4).
        Assert.Contains("Friedman χ² = 8 (2 degrees of freedom), p = 0.0183", md);
        Assert.Contains("| 1 | algorithm.rank=6 | 1 |", md);
        Assert.Contains("| 3 | algorithm.rank=2 | 3 |", md);
        Assert.Contains("CD = 1.6572", md); // 2.34370 √(3·4 / (6·4)) = 1.65725
        Assert.Contains("[reconstruction-relative_error-cd.png](reconstruction-relative_error-cd.png)", md);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData("algorithm.rank=2")]
    public void The_named_baseline_is_the_one_compared_against(object baseline)
    {
        var md = SweepSummary.ToMarkdown(ResultsTable.From(ReportSamples.Ledger(3, 4), "sweep-r"), "rank sweep", new ReportSettings(baseline));

        Assert.Contains("Baseline: **algorithm.rank=2** (named by report.baseline)", md);
        Assert.Contains("| algorithm.rank=6 | 4 | -0.3333 | [-0.3333, -0.3333] | 0.125 | 0.25 | 4 / 0 / 0 |", md);
    }

    [Theory]
    [InlineData(7L, "no configuration has point index 7")]
    [InlineData("algorithm.rank=5", "'algorithm.rank=5' names no configuration")]
    [InlineData(1.5, "expected a point index or a configuration label, got '1.5'")]
    public void A_baseline_that_names_no_configuration_is_refused_with_the_key_and_value(object baseline, string message)
    {
        var error = Assert.Throws<ConfigKeyException>(() =>
            SweepSummary.ToMarkdown(ResultsTable.From(ReportSamples.Ledger(3, 4), "sweep-r"), "rank sweep", new ReportSettings(baseline)));

        Assert.Equal("report.baseline", error.Key);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Some_of_a_labels_parts_name_a_configuration_when_they_pick_out_one()
    {
        var configurations = new[] { (0, "algorithm=mu,algorithm.rank=4"), (1, "algorithm=hals,algorithm.rank=4"), (2, "algorithm=hals,algorithm.rank=8") };

        Assert.Equal(0, new ReportSettings("algorithm=mu").BaselinePoint(configurations));
        Assert.Equal(2, new ReportSettings("algorithm.rank=8, algorithm=hals").BaselinePoint(configurations));
        var error = Assert.Throws<ConfigKeyException>(() => new ReportSettings("algorithm=hals").BaselinePoint(configurations));
        Assert.Contains("matches 2 configurations", error.Message);
        Assert.Null(ReportSettings.None.BaselinePoint(configurations));
    }

    [Fact]
    public void A_single_configuration_has_no_comparison_section()
    {
        var md = SweepSummary.ToMarkdown(ResultsTable.From(ReportSamples.Ledger(1, 3), "sweep-r"), "one");

        Assert.DoesNotContain("Comparisons on", md);
    }

    [Fact]
    public void The_diagram_is_drawn_for_nine_configurations()
    {
        var ledger = ReportSamples.Ledger(9, 6);
        // Shuffle the metric per track so the ranks differ between tracks and some configurations group within CD.
        ledger = ledger with
        {
            Jobs = ledger.Jobs.Select(j => j with
            {
                Result = j.Result! with
                {
                    Metrics = new Dictionary<string, double> { ["relative_error"] = 0.1 * j.Spec.PointIndex + 0.35 * ((j.Spec.PointIndex * 7 + (j.Spec.TrackId[^1] - '0') * 3) % 5) },
                },
            }).ToArray(),
        };
        var paths = SweepPlots.Write(ResultsTable.From(ledger, "sweep-r"), new Dictionary<string, JobResult>(), _folder);

        var diagram = Assert.Single(paths, p => p.EndsWith("-cd.png", StringComparison.Ordinal));
        Assert.True(new FileInfo(diagram).Length > 5000);
    }
}
