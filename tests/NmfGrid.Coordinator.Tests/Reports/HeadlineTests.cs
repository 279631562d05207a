using NmfGrid.Coordinator.Reports;
using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Tests.Reports;

/// <summary>Reports rank a task by the headline it declares, never by guessing from a metric's name.</summary>
public class HeadlineTests
{
    [Theory]
    [InlineData("separation", "si_sdr.mean", MetricDirection.HigherIsBetter)]
    [InlineData("transcription", "f1", MetricDirection.HigherIsBetter)]
    [InlineData("structure", "f3", MetricDirection.HigherIsBetter)]
    [InlineData("reconstruction", "relative_error", MetricDirection.LowerIsBetter)]
    public void Each_built_in_task_declares_the_headline_its_reports_always_used(string task, string metric, MetricDirection direction)
    {
        Assert.Equal(new Headline(metric, direction), TaskRegistry.Get(task).Headline);
        Assert.Equal(new Headline(metric, direction), SweepSummary.HeadlineOf(task, ["aaa", metric, "zzz"]));
    }

    [Fact]
    public void Rows_of_a_task_this_build_does_not_know_are_ranked_by_their_first_metric_and_the_report_says_so()
    {
        // The sample is written as an old journal was (a config on each job); its points carry the configs now.
        var ledger = ReportSamples.Ledger(2, 3);
        string Retired(string json) => json.Replace("\"reconstruction\"", "\"retired_task\"", StringComparison.Ordinal);
        ledger = ledger with
        {
            Sweeps = ledger.Sweeps.Select(s => s.WithPoints())
                           .Select(s => s with { Points = s.Points!.Select(p => p with { ConfigJson = Retired(p.ConfigJson) }).ToArray() }).ToArray(),
            Jobs = ledger.Jobs.Select(j => j with { Spec = j.Spec with { ConfigJson = null } }).ToArray(),
        };
        Assert.All(ledger.Sweeps.SelectMany(s => s.Jobs), j => Assert.Null(j.ConfigJson));

        var md = SweepSummary.ToMarkdown(ResultsTable.From(ledger, "sweep-r"), "retired sweep");

        Assert.Contains("## retired_task, ranked by relative_error", md);
        Assert.Contains("This build has no task 'retired_task' to declare a headline: ranked by relative_error, higher taken as better.", md);
        Assert.Contains("### 1. algorithm.rank=2", md); // the higher relative error first: nothing guessed from "error"
    }
}
