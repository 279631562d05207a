using Akka.Actor;
using Akka.TestKit.Xunit2;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>A person's actions on a sweep: cancel it, retry its failed jobs. The ledger decides; the coordinator stores and answers.</summary>
public class SweepActionsTests() : TestKit(SweepCoordinatorTests.Hocon)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly CoordinatorSettings Fast = new() { LeaseCheckInterval = TimeSpan.FromMilliseconds(100), SnapshotEvery = 7 };

    private static T Do<T>(SweepLedger ledger, T @event) where T : ISweepEvent
    {
        ledger.Apply(@event);
        return @event;
    }

    [Fact]
    public void Cancel_fails_the_pending_and_running_jobs_and_keeps_the_finished_ones()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(SweepLedgerTests.Sweep("s", 4)));
        var done = Do(ledger, ledger.DecideLease("w1", "h", T0)!);
        Do(ledger, ledger.DecideSuccess(done.JobId, done.Attempt, SweepLedgerTests.Result())!);
        var running = Do(ledger, ledger.DecideLease("w1", "h", T0)!);

        Do(ledger, ledger.DecideCancel("s", "wrong dataset")!);

        var progress = ledger.Progress("s");
        Assert.Equal((1, 3, 0, 0), (progress.Succeeded, progress.Failed, progress.Running, progress.Pending));
        Assert.True(progress.Finished);
        Assert.Equal("cancelled: wrong dataset", ledger.Job("job3")!.Error);
        Assert.Null(ledger.DecideLease("w2", "h", T0)); // nothing is dispatched any more
        Assert.Null(ledger.DecideCancel("s", "again")); // nothing left to cancel
        Assert.Null(ledger.DecideCancel("unknown", "x"));
        // The worker that held a lease is not stopped: its heartbeat and failure match nothing, its success still counts.
        Assert.Null(ledger.DecideHeartbeat(running.JobId, running.Attempt, T0));
        Assert.Null(ledger.DecideFailure(running.JobId, running.Attempt, "boom", retryable: true));
        Assert.Equal(0, ledger.HeldBy("w1"));
        Assert.NotNull(ledger.DecideSuccess(running.JobId, running.Attempt, SweepLedgerTests.Result()));
    }

    [Fact]
    public void Retry_puts_the_failed_jobs_back_with_their_attempts_restored()
    {
        var ledger = new SweepLedger();
        ledger.Apply(new SweepSubmitted(SweepLedgerTests.Sweep("s", 3, maxAttempts: 2)));
        var bad = Do(ledger, ledger.DecideLease("w1", "h", T0)!);
        Do(ledger, ledger.DecideFailure(bad.JobId, bad.Attempt, "corrupt header", retryable: false)!);
        Assert.Null(ledger.DecideRetryFailed("unknown"));
        Do(ledger, ledger.DecideCancel("s", "pause")!);
        Assert.Equal(3, ledger.Progress("s").Failed);

        Do(ledger, ledger.DecideRetryFailed("s")!);

        Assert.Equal(3, ledger.Progress("s").Pending);
        Assert.All(ledger.JobsOf("s", JobStatus.Pending), e => Assert.Equal((2, null), (e.AttemptsLeft, e.Error)));
        var leases = Enumerable.Range(0, 3).Select(_ => Do(ledger, ledger.DecideLease("w1", "h", T0)!)).ToArray();
        Assert.Null(ledger.DecideLease("w1", "h", T0)); // each job once, though cancelled ones are still queued from before
        Assert.Equal(bad.Attempt + 1, leases.Single(l => l.JobId == bad.JobId).Attempt); // attempt numbers only grow
        Assert.Null(ledger.DecideRetryFailed("s")); // none failed now
    }

    [Fact]
    public void A_replayed_log_with_actions_rebuilds_the_same_state_and_the_read_model_sees_every_changed_job()
    {
        var live = new SweepLedger();
        var log = new List<ISweepEvent>();
        void Record(ISweepEvent e) { live.Apply(e); log.Add(e); }
        Record(new SweepSubmitted(SweepLedgerTests.Sweep("s", 3)));
        var first = live.DecideLease("w1", "h", T0)!;
        Record(first);
        Record(live.DecideSuccess(first.JobId, first.Attempt, SweepLedgerTests.Result())!);
        Record(live.DecideCancel("s", "stop")!);
        Record(live.DecideRetryFailed("s")!);

        var replayed = new SweepLedger();
        var projection = new ResultsProjection();
        var rows = new Dictionary<string, ResultRow>();
        string[] afterCancel = [];
        foreach (var e in log)
        {
            replayed.Apply(e);
            foreach (var row in projection.Apply(e)) rows[row.JobId] = row;
            if (e is SweepCancelled) afterCancel = new[] { "job0", "job1", "job2" }.Select(id => rows[id].Status).ToArray();
        }
        Assert.Equal(["succeeded", "failed", "failed"], afterCancel);
        Assert.Equal(live.ToSnapshot().Jobs.Select(j => (j.Spec.JobId, j.Status, j.AttemptsLeft)),
                     replayed.ToSnapshot().Jobs.Select(j => (j.Spec.JobId, j.Status, j.AttemptsLeft)));
        Assert.Equal(["succeeded", "pending", "pending"], new[] { "job0", "job1", "job2" }.Select(id => rows[id].Status));
    }

    [Fact]
    public void The_coordinator_cancels_a_running_sweep_and_retries_it_through_messages()
    {
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(Fast with { PersistenceId = "actions" }));
        var gate = new ManualResetEventSlim(false);
        var runner = new CountingRunner((_, ct) =>
        {
            gate.Wait(ct);
            return null;
        });
        Sys.ActorOf(WorkerActor.Props(coordinator, new WorkerSettings
        {
            WorkerId = "w", Host = "host-w", Slots = 1,
            HeartbeatInterval = TimeSpan.FromMilliseconds(100), ResendInterval = TimeSpan.FromMilliseconds(200),
            IdlePoll = TimeSpan.FromMilliseconds(200),
        }, runner));
        coordinator.Tell(new SubmitSweep(SweepLedgerTests.Sweep("s", 4)), TestActor);
        ExpectMsg<SweepAccepted>();
        AwaitCondition(() => runner.Runs.Count == 1, TimeSpan.FromSeconds(20));

        coordinator.Tell(new CancelSweep("s", "from a test"), TestActor);
        ExpectMsg<SweepActionDone>(d => Assert.Equal(("cancel", 4), (d.Action, d.Jobs)));
        var cancelled = coordinator.Ask<SweepProgress>(new GetSweepProgress("s")).Result;
        Assert.Equal((4, 0), (cancelled.Failed, cancelled.Pending));

        coordinator.Tell(new CancelSweep("nope", "x"), TestActor);
        ExpectMsg<SweepNotFound>();

        // The running job finishes after all and its result is kept. So does a second job, when the worker's idle poll
        // crossed its first assignment and it was given one to hold (a loaded machine): how many is timing, so the
        // retry below puts back the 2 or 3 still failed.
        gate.Set();
        AwaitAssert(() => Assert.True(coordinator.Ask<SweepProgress>(new GetSweepProgress("s")).Result.Succeeded >= 1),
                    TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));

        coordinator.Tell(new RetryFailedJobs("s"), TestActor);
        ExpectMsg<SweepActionDone>(d => Assert.Equal("retry", d.Action));
        AwaitAssert(() => Assert.True(coordinator.Ask<SweepProgress>(new GetSweepProgress("s")).Result is { Finished: true, Succeeded: 4 }),
                    TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
        Assert.All(runner.Runs.Values, n => Assert.Equal(1, n));

        coordinator.Tell(new RetryFailedJobs("s"), TestActor);
        ExpectMsg<SweepActionDone>(d => Assert.Equal(0, d.Jobs));
    }
}
