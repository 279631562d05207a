using System.Text.Json;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Reports;

public sealed class ResultsProjectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    internal static string Json(IEnumerable<ResultRow> rows) =>
        JsonSerializer.Serialize(rows.OrderBy(r => r.SweepId, StringComparer.Ordinal).ThenBy(r => r.JobId, StringComparer.Ordinal),
            new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    /// <summary>A sweep's life: submitted, leased, one attempt failing and retried, one job failing for good.</summary>
    private static IReadOnlyList<ISweepEvent> Events(SweepDefinition sweep)
    {
        var a = sweep.Jobs[0].JobId;
        var b = sweep.Jobs[1].JobId;
        var c = sweep.Jobs[2].JobId;
        return
        [
            new SweepSubmitted(sweep),
            new JobLeased(a, 1, "w0", "host-a", Now),
            new JobLeased(b, 1, "w1", "host-b", Now),
            new JobAttemptFailed(a, 1, "timeout", Final: false),
            new JobCompleted(b, 1, ReportSamples.Result(0, 1, factors: false)),
            new JobLeased(a, 2, "w1", "host-b", Now),
            new JobLeased(c, 1, "w0", "host-a", Now),
            new JobRequeued(c, 1, "worker w0 terminated"),
            new JobCompleted(a, 2, ReportSamples.Result(0, 0, factors: false) with { Host = "host-b", WorkerId = "w1" }),
            new JobLeased(c, 2, "w1", "host-b", Now),
            new JobAttemptFailed(c, 2, "corrupt audio in mixture.wav", Final: true),
        ];
    }

    private static SweepDefinition Sweep() => ReportSamples.Ledger(configurations: 1, tracks: 3).Sweeps[0];

    [Fact]
    public void Each_event_returns_the_rows_it_changed()
    {
        var sweep = Sweep();
        var projection = new ResultsProjection();
        var submitted = projection.Apply(new SweepSubmitted(sweep));
        Assert.Equal(3, submitted.Count);
        Assert.All(submitted, r => Assert.Equal("pending", r.Status));

        var leased = Assert.Single(projection.Apply(new JobLeased(sweep.Jobs[0].JobId, 1, "w0", "host-a", Now)));
        Assert.Equal(("running", 1, "host-a", "w0"), (leased.Status, leased.Attempt, leased.Host, leased.Worker));

        var done = Assert.Single(projection.Apply(new JobCompleted(sweep.Jobs[0].JobId, 1, ReportSamples.Result(0, 0, factors: false))));
        Assert.Equal("succeeded", done.Status);
        Assert.Equal(0.5, done.Metrics["relative_error"], 12);
        Assert.Empty(projection.Apply(new LeaseExtended(sweep.Jobs[1].JobId, 1, Now)));
    }

    [Fact]
    public void After_retries_each_job_has_exactly_one_row_with_its_last_attempt()
    {
        var projection = new ResultsProjection();
        var table = new Dictionary<(string, string), ResultRow>();
        foreach (var e in Events(Sweep()))
        {
            foreach (var row in projection.Apply(e))
            {
                table[(row.SweepId, row.JobId)] = row;
            }
        }
        Assert.Equal(3, table.Count);
        var rows = table.Values.OrderBy(r => r.Track, StringComparer.Ordinal).ToArray();
        Assert.Equal(("succeeded", 2, "host-b"), (rows[0].Status, rows[0].Attempt, rows[0].Host));
        Assert.Equal(("succeeded", 1), (rows[1].Status, rows[1].Attempt));
        Assert.Equal(("failed", 2, "corrupt audio in mixture.wav"), (rows[2].Status, rows[2].Attempt, rows[2].Error));
    }

    [Fact]
    public void The_projected_rows_are_the_rows_of_the_report_built_from_the_same_log()
    {
        var ledger = new SweepLedger();
        var projection = new ResultsProjection();
        var table = new Dictionary<(string, string), ResultRow>();
        foreach (var e in Events(Sweep()))
        {
            ledger.Apply(e);
            foreach (var row in projection.Apply(e))
            {
                table[(row.SweepId, row.JobId)] = row;
            }
        }
        Assert.Equal(Json(ResultsTable.From(ledger.ToSnapshot(), "sweep-r").Rows), Json(table.Values));
    }

    [Fact]
    public void A_batch_event_returns_the_rows_of_each_job_in_it()
    {
        var sweep = Sweep();
        var projection = new ResultsProjection();
        projection.Apply(new SweepSubmitted(sweep));
        var leased = projection.Apply(new JobsLeased([.. sweep.Jobs.Select(j => new JobLeased(j.JobId, 1, "w0", "host-a", Now))]));
        Assert.Equal(sweep.Jobs.Select(j => (j.JobId, "running")), leased.Select(r => (r.JobId, r.Status)));

        var done = projection.Apply(new JobsCompleted([new JobCompleted(sweep.Jobs[0].JobId, 1, ReportSamples.Result(0, 0, factors: false)),
                                                       new JobCompleted(sweep.Jobs[2].JobId, 1, ReportSamples.Result(0, 2, factors: false))]));
        Assert.Equal([(sweep.Jobs[0].JobId, "succeeded"), (sweep.Jobs[2].JobId, "succeeded")], done.Select(r => (r.JobId, r.Status)));
    }

    [Fact]
    public void Each_row_carries_its_jobs_attempt_history_in_log_order()
    {
        var sweep = Sweep();
        var projection = new ResultsProjection();
        var table = new Dictionary<string, ResultRow>();
        foreach (var e in Events(sweep).Append(new FailedJobsRetried(sweep.SweepId)).Append(new SweepCancelled(sweep.SweepId, "stopped by its user")))
        {
            foreach (var row in projection.Apply(e))
            {
                table[row.JobId] = row;
            }
        }
        Assert.Equal(["attempt 1 leased to w0 on host-a", "attempt 1 failed, to be retried: timeout", "attempt 2 leased to w1 on host-b",
                      "attempt 2 completed by w1 on host-b"], table[sweep.Jobs[0].JobId].Log!);
        Assert.Equal(["attempt 1 leased to w0 on host-a", "attempt 1 requeued: worker w0 terminated", "attempt 2 leased to w1 on host-b",
                      "attempt 2 failed, no attempt left: corrupt audio in mixture.wav", "failed job put back in the queue (retried)",
                      $"cancelled with sweep '{sweep.SweepId}': stopped by its user"], table[sweep.Jobs[2].JobId].Log!);
    }

    [Fact]
    public void A_jobs_log_keeps_only_its_latest_lines()
    {
        var sweep = Sweep();
        var job = sweep.Jobs[0].JobId;
        var projection = new ResultsProjection();
        projection.Apply(new SweepSubmitted(sweep));
        ResultRow last = null!;
        for (var attempt = 1; attempt <= ResultsProjection.LogLines; attempt++)
        {
            projection.Apply(new JobLeased(job, attempt, "w0", "host-a", Now));
            last = projection.Apply(new JobRequeued(job, attempt, "lease expired")).Single();
        }
        Assert.Equal(ResultsProjection.LogLines, last.Log!.Count);
        Assert.Equal($"attempt {ResultsProjection.LogLines} requeued: lease expired", last.Log[^1]);
        Assert.Equal($"attempt {ResultsProjection.LogLines / 2 + 1} leased to w0 on host-a", last.Log[0]);
    }
}
