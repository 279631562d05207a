using NmfGrid.Coordinator.Reports;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Reports;

public class SweepSummaryTests
{
    [Fact]
    public void Configurations_are_ranked_by_the_headline_metric()
    {
        var md = SweepSummary.ToMarkdown(ResultsTable.From(ReportSamples.Ledger(2, 3), "sweep-r"), "rank sweep");

        Assert.Contains("6 jobs, 6 succeeded, 0 failed", md);
        Assert.Contains("### 1. algorithm.rank=4", md); // the lower relative error
    }

    [Fact]
    public void Succeeded_jobs_without_metrics_are_not_called_failed()
    {
        var ledger = ReportSamples.Ledger(1, 2);
        var noop = ledger with
        {
            Jobs = ledger.Jobs.Select(j => j with { Result = j.Result! with { Metrics = new Dictionary<string, double>() } }).ToArray(),
        };

        var md = SweepSummary.ToMarkdown(ResultsTable.From(noop, "sweep-r"), "no-op sweep");

        Assert.Contains("No job of this task reported a metric", md);
        Assert.DoesNotContain("No job of this task succeeded", md);
    }

    [Fact]
    public void A_task_whose_jobs_all_failed_says_so()
    {
        var md = SweepSummary.ToMarkdown(ResultsTable.From(ReportSamples.Ledger(1, 2, (0, 0), (0, 1)), "sweep-r"), "failed sweep");

        Assert.Contains("No job of this task succeeded", md);
    }
}
