using NmfGrid.Coordinator.Tests.Grid;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Sweeps;

public class SweepLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    internal static SweepDefinition Sweep(string id, int jobs, int maxAttempts = 3, string prefix = "job") => new(
        id, id, "separation", "musdb18hq",
        Enumerable.Range(0, jobs).Select(i => new JobSpec($"{prefix}{i}", id, 0, "default", "musdb18hq", $"track{i}", i)).ToArray(),
        maxAttempts, Lease, [new PointSpec(id, 0, "default", "{}")]);

    internal static JobResult Result(string worker = "w1", double sdr = 1.5) => new(
        new Dictionary<string, double> { ["sdr"] = sdr }, new StageTimings(0, 0, 0, 0, 0), 10, 0.5, [1.0, 0.5], "managed", 1, "host-a", worker);

    /// <summary>Applies what a decision returned, as the actor does after persisting it.</summary>
    private static T Do<T>(SweepLedger ledger, T @event) where T : ISweepEvent
    {
        ledger.Apply(@event);
        return @event;
    }

    [Fact]
    public void Jobs_are_leased_in_submission_order_with_growing_attempts()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 2)));
        var first = Do(ledger, ledger.DecideLease("w1", "h", T0)!);
        var second = Do(ledger, ledger.DecideLease("w2", "h", T0)!);
        Assert.Equal(("job0", 1, T0 + Lease), (first.JobId, first.Attempt, first.Deadline));
        Assert.Equal("job1", second.JobId);
        Assert.Null(ledger.DecideLease("w3", "h", T0));
        Assert.Equal(2, ledger.Progress("s").Running);
    }

    [Fact]
    public void First_success_is_recorded_and_duplicates_are_ignored()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 1)));
        var lease = Do(ledger, ledger.DecideLease("w1", "h", T0)!);
        Do(ledger, ledger.DecideSuccess(lease.JobId, lease.Attempt, Result(sdr: 2.0))!);
        Assert.Null(ledger.DecideSuccess(lease.JobId, lease.Attempt, Result(sdr: 9.0)));
        Assert.Equal(2.0, ledger.Job("job0")!.Result!.Metrics["sdr"]);
        Assert.True(ledger.Progress("s").Finished);
    }

    [Fact]
    public void Success_for_an_attempt_never_leased_is_ignored()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 1)));
        Assert.Null(ledger.DecideSuccess("job0", 1, Result()));
        Assert.Null(ledger.DecideSuccess("nope", 1, Result()));
    }

    [Fact]
    public void A_dead_workers_jobs_are_requeued_and_its_late_result_still_counts()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 2)));
        var lost = Do(ledger, ledger.DecideLease("dead", "h", T0)!);
        Do(ledger, ledger.DecideLease("alive", "h", T0)!);
        var events = ledger.DecideWorkerLost("dead", "node removed");
        var requeued = Assert.IsType<JobRequeued>(Assert.Single(events));
        Assert.Equal(lost.JobId, requeued.JobId);
        ledger.Apply(requeued);
        Assert.Equal(JobStatus.Pending, ledger.Job(lost.JobId)!.Status);

        var retry = Do(ledger, ledger.DecideLease("other", "h", T0)!);
        Assert.Equal((lost.JobId, 2), (retry.JobId, retry.Attempt));
        // The first attempt turns out to have finished: accepted once, the retry's result is then a duplicate.
        Do(ledger, ledger.DecideSuccess(lost.JobId, 1, Result("dead"))!);
        Assert.Null(ledger.DecideSuccess(lost.JobId, 2, Result("other")));
        Assert.DoesNotContain(ledger.Running, e => e.Spec.JobId == lost.JobId);
    }

    [Fact]
    public void Expired_leases_are_requeued_and_heartbeats_prevent_it()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 2)));
        var beating = Do(ledger, ledger.DecideLease("w1", "h", T0)!);
        var silent = Do(ledger, ledger.DecideLease("w2", "h", T0)!);
        Do(ledger, ledger.DecideHeartbeat(beating.JobId, beating.Attempt, T0 + TimeSpan.FromSeconds(20))!);
        Assert.Null(ledger.DecideHeartbeat(beating.JobId, beating.Attempt + 1, T0));
        var expired = ledger.DecideExpiredLeases(T0 + TimeSpan.FromSeconds(31));
        Assert.Equal([silent.JobId], expired.Cast<JobRequeued>().Select(e => e.JobId));
    }

    [Fact]
    public void Retryable_failures_retry_until_attempts_run_out()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 1, maxAttempts: 2)));
        var a1 = Do(ledger, ledger.DecideLease("w", "h", T0)!);
        var f1 = Do(ledger, ledger.DecideFailure(a1.JobId, a1.Attempt, "timeout", retryable: true)!);
        Assert.False(f1.Final);
        var a2 = Do(ledger, ledger.DecideLease("w", "h", T0)!);
        var f2 = Do(ledger, ledger.DecideFailure(a2.JobId, a2.Attempt, "timeout", retryable: true)!);
        Assert.True(f2.Final);
        Assert.Equal(JobStatus.Failed, ledger.Job("job0")!.Status);
        Assert.Null(ledger.DecideLease("w", "h", T0));
        Assert.Equal(1, ledger.Progress("s").Failed);
    }

    [Fact]
    public void A_bad_track_fails_once_and_the_sweep_goes_on()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 2)));
        var bad = Do(ledger, ledger.DecideLease("w", "h", T0)!);
        Assert.True(Do(ledger, ledger.DecideFailure(bad.JobId, bad.Attempt, "corrupt audio: x.wav", retryable: false)!).Final);
        var good = Do(ledger, ledger.DecideLease("w", "h", T0)!);
        Do(ledger, ledger.DecideSuccess(good.JobId, good.Attempt, Result())!);
        var progress = ledger.Progress("s");
        Assert.Equal((1, 1, true), (progress.Succeeded, progress.Failed, progress.Finished));
        Assert.Equal("corrupt audio: x.wav", ledger.Job(bad.JobId)!.Error);
    }

    [Fact]
    public void Progress_gives_the_mean_of_each_metric_asked_for_over_the_jobs_that_succeeded_and_report_it()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 4)));
        foreach (var sdr in new[] { 1.0, 2.0, double.NaN })
        {
            var lease = Do(ledger, ledger.DecideLease("w", "h", T0)!);
            Do(ledger, ledger.DecideSuccess(lease.JobId, lease.Attempt, Result(sdr: sdr))!);
        }
        Do(ledger, ledger.DecideLease("w", "h", T0)!); // running: not counted

        Assert.Null(ledger.Progress("s").Means);
        var means = ledger.Progress("s", ["sdr", "f1"]).Means!;
        Assert.Equal(1.5, means["sdr"]); // NaN (an unscored stem) is left out of a running mean
        Assert.False(means.ContainsKey("f1"));
    }

    /// <summary>Leases <paramref name="count"/> jobs one after the other, as a dispatch does, and says whose sweep each was.</summary>
    private static string[] LeaseSweeps(SweepLedger ledger, int count) => Enumerable.Range(0, count)
        .Select(_ => ledger.DecideLease("w", "h", T0))
        .TakeWhile(lease => lease is not null)
        .Select(lease => ledger.Job(Do(ledger, lease!).JobId)!.Spec.SweepId)
        .ToArray();

    [Fact]
    public void A_small_sweep_submitted_behind_a_huge_one_is_served_at_once_in_turn()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("huge", 1000, prefix: "h")));
        ledger.Apply(new SweepSubmitted(Sweep("small", 2, prefix: "s")));

        Assert.Equal(["huge", "small", "huge", "small", "huge", "huge"], LeaseSweeps(ledger, 6));
    }

    [Fact]
    public void Sweeps_take_turns_by_their_share_and_a_finished_queue_leaves_the_rotation()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("a", 5, prefix: "a") with { Share = 2 }));
        ledger.Apply(new SweepSubmitted(Sweep("b", 2, prefix: "b")));

        Assert.Equal(["a", "a", "b", "a", "a", "b", "a"], LeaseSweeps(ledger, 10));
        Assert.Null(ledger.DecideLease("w", "h", T0));
    }

    [Fact]
    public void A_requeued_job_goes_back_to_its_own_sweep_s_queue()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("a", 2, prefix: "a")));
        var first = Do(ledger, ledger.DecideLease("w", "h", T0)!);
        ledger.Apply(new SweepSubmitted(Sweep("b", 3, prefix: "b")));
        Do(ledger, new JobRequeued(first.JobId, first.Attempt, "worker lost"));

        var order = LeaseSweeps(ledger, 10);
        Assert.Equal(5, order.Length); // every job once, the requeued one included
        Assert.Equal(2, order.Count(s => s == "a"));
        Assert.Equal(["b", "a", "b", "a", "b"], order);
    }

    [Fact]
    public void Stale_failures_are_ignored()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 1)));
        var a1 = Do(ledger, ledger.DecideLease("w", "h", T0)!);
        ledger.Apply(new JobRequeued(a1.JobId, a1.Attempt, "lease expired"));
        Do(ledger, ledger.DecideLease("w2", "h", T0)!);
        Assert.Null(ledger.DecideFailure(a1.JobId, a1.Attempt, "late", retryable: false));
    }

    [Fact]
    public void Losing_the_last_attempt_fails_the_job()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 1, maxAttempts: 1)));
        Do(ledger, ledger.DecideLease("w", "h", T0)!);
        var e = Assert.IsType<JobAttemptFailed>(Assert.Single(ledger.DecideWorkerLost("w", "node removed")));
        Assert.True(e.Final);
        Assert.Contains("node removed", e.Error);
    }

    [Fact]
    public void Resubmitting_a_sweep_reuses_finished_jobs_and_retries_failed_ones()
    {
        var ledger = new SweepLedger();
        var sweep = Sweep("s", 3, maxAttempts: 1);
        ledger.Apply(new SweepSubmitted(sweep));
        var a = Do(ledger, ledger.DecideLease("w", "h", T0)!);
        Do(ledger, ledger.DecideSuccess(a.JobId, a.Attempt, Result())!);
        var b = Do(ledger, ledger.DecideLease("w", "h", T0)!);
        Do(ledger, ledger.DecideFailure(b.JobId, b.Attempt, "boom", retryable: true)!);

        Assert.Equal(1, ledger.AlreadyDone(sweep));
        ledger.Apply(new SweepSubmitted(sweep));
        var leased = new List<string>();
        while (ledger.DecideLease("w", "h", T0) is { } next)
        {
            leased.Add(Do(ledger, next).JobId);
        }
        Assert.Equal(["job1", "job2"], leased.Order());
        Assert.Equal(2, ledger.Job("job1")!.Attempt);
        Assert.Equal(1, ledger.Job("job0")!.Attempt);
    }

    [Fact]
    public void Replaying_the_events_rebuilds_the_same_state()
    {
        var ledger = new SweepLedger();
        var log = new List<ISweepEvent> { new SweepSubmitted(Sweep("s", 4)) };
        ledger.Apply(log[0]);
        void Record(ISweepEvent? e) { if (e is not null) { ledger.Apply(e); log.Add(e); } }
        var a = ledger.DecideLease("w1", "h", T0); Record(a);
        var b = ledger.DecideLease("w2", "h", T0); Record(b);
        Record(ledger.DecideSuccess(a!.JobId, a.Attempt, Result()));
        foreach (var e in ledger.DecideWorkerLost("w2", "gone")) { Record(e); }
        Record(ledger.DecideLease("w1", "h", T0));

        var replayed = new SweepLedger();
        log.ForEach(replayed.Apply);
        Assert.Equal(ledger.Jobs.OrderBy(j => j.Key), replayed.Jobs.OrderBy(j => j.Key));
        Assert.Equal(ledger.Progress("s"), replayed.Progress("s"), new ProgressComparer());
        Assert.Equal(ledger.DecideLease("w9", "h", T0), replayed.DecideLease("w9", "h", T0));
    }

    [Fact]
    public void After_a_restart_running_leases_get_a_fresh_deadline()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 1)));
        Do(ledger, ledger.DecideLease("w", "h", T0)!);
        var later = T0 + TimeSpan.FromHours(1);
        ledger.RearmLeases(later);
        Assert.Empty(ledger.DecideExpiredLeases(later + TimeSpan.FromSeconds(29)));
        Assert.Single(ledger.DecideExpiredLeases(later + TimeSpan.FromSeconds(31)));
    }

    private sealed class ProgressComparer : IEqualityComparer<SweepProgress>
    {
        public bool Equals(SweepProgress? x, SweepProgress? y) =>
            x!.Total == y!.Total && x.Succeeded == y.Succeeded && x.Failed == y.Failed && x.Running == y.Running &&
            x.Pending == y.Pending && x.SucceededPerHost.OrderBy(p => p.Key).SequenceEqual(y.SucceededPerHost.OrderBy(p => p.Key));

        public int GetHashCode(SweepProgress obj) => obj.Total;
    }

    [Fact]
    public void Leases_held_per_worker_follow_leases_results_requeues_and_snapshots()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(Sweep("s", 4)));
        var a = Do(ledger, ledger.DecideLease("w1", "h", T0)!);
        Do(ledger, ledger.DecideLease("w1", "h", T0)!);
        Do(ledger, ledger.DecideLease("w2", "h", T0)!);
        Assert.Equal((2, 1, 0), (ledger.HeldBy("w1"), ledger.HeldBy("w2"), ledger.HeldBy("w3")));

        Do(ledger, ledger.DecideSuccess(a.JobId, a.Attempt, Result("w1"))!);
        Assert.Equal(1, ledger.HeldBy("w1"));
        Assert.Equal(1, SweepLedger.FromSnapshot(ledger.ToSnapshot()).HeldBy("w1"));

        foreach (var e in ledger.DecideWorkerLost("w1", "gone"))
        {
            ledger.Apply(e);
        }
        Assert.Equal((0, 1), (ledger.HeldBy("w1"), ledger.HeldBy("w2")));
    }

    [Fact]
    public void Batch_events_leave_the_ledger_as_their_parts_applied_one_by_one()
    {
        var one = new SweepLedger();
        var batched = new SweepLedger();
        foreach (var ledger in new[] { one, batched })
        {
            ledger.Apply(new SweepSubmitted(Sweep("s", 3)));
        }
        var leases = new[] { "job0", "job1", "job2" }.Select(id => new JobLeased(id, 1, "w1", "h", T0 + Lease)).ToArray();
        var completions = new[] { new JobCompleted("job0", 1, Result()), new JobCompleted("job2", 1, Result(sdr: 2.5)) };
        foreach (var e in leases.Concat<ISweepEvent>(completions))
        {
            one.Apply(e);
        }
        batched.Apply(new JobsLeased(leases));
        batched.Apply(new JobsCompleted(completions));

        Structural.AssertEqual(one.ToSnapshot(), batched.ToSnapshot());
        Assert.Equal((2, 1, 1), (batched.Progress("s").Succeeded, batched.Progress("s").Running, batched.HeldBy("w1")));
    }
}
