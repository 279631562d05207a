using Akka.Actor;
using Akka.TestKit.Xunit2;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>
/// The coordinator and real worker actors in one ActorSystem, every message serialized, an in-memory journal.
/// ExpectMsg waits up to 30 s: a guard, not a measurement (3 s ran out beside the end-to-end tests on a loaded machine).
/// </summary>
public class SweepCoordinatorTests() : TestKit(Hocon)
{
    /// <summary>Every message serialized, an in-memory journal: shared by the tests of actors on one ActorSystem.</summary>
    internal const string Hocon = """
        akka.actor.serializers.grid = "NmfGrid.Messages.GridSerializer, NmfGrid.Messages"
        akka.actor.serialization-bindings { "NmfGrid.Messages.IGridMessage, NmfGrid.Messages" = grid }
        akka.actor.serialize-messages = on
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.loglevel = WARNING
        # CI runs the test projects side by side on 2 cores: expectations wait 3× longer before failing
        # (a passing test takes no longer).
        akka.test.timefactor = 3.0
        akka.test.single-expect-default = 10s
        """;

    private static readonly CoordinatorSettings Fast = new() { LeaseCheckInterval = TimeSpan.FromMilliseconds(100), SnapshotEvery = 7 };

    private IActorRef Coordinator(string id = "c1") => Sys.ActorOf(SweepCoordinator.Props(Fast with { PersistenceId = id }));

    private IActorRef Worker(IActorRef coordinator, string id, IJobRunner runner, int slots = 1) =>
        Sys.ActorOf(WorkerActor.Props(coordinator, new WorkerSettings
        {
            WorkerId = id, Host = "host-" + id, Slots = slots,
            HeartbeatInterval = TimeSpan.FromMilliseconds(100), ResendInterval = TimeSpan.FromMilliseconds(200),
            IdlePoll = TimeSpan.FromMilliseconds(200),
        }, runner));

    private static SweepDefinition Sweep(int jobs, TimeSpan? lease = null, int maxAttempts = 3) =>
        SweepLedgerTests.Sweep("s", jobs, maxAttempts) with { Lease = lease ?? TimeSpan.FromSeconds(30) };

    private static JobOutcomes Outcome(JobSucceeded success) => new(success.WorkerId, [success], [], FreeSlots: 0);

    private LedgerSnapshot Ledger(IActorRef coordinator) => coordinator.Ask<LedgerSnapshot>(GetLedger.Instance).Result;

    private void AwaitFinished(IActorRef coordinator, string sweep = "s") =>
        AwaitAssert(() => Assert.True(coordinator.Ask<SweepProgress>(new GetSweepProgress(sweep)).Result.Finished),
                    TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));

    [Fact]
    public void Every_job_runs_once_across_pulling_workers()
    {
        var coordinator = Coordinator();
        var runner = new CountingRunner();
        Worker(coordinator, "a", runner, slots: 2);
        Worker(coordinator, "b", runner);
        coordinator.Tell(new SubmitSweep(Sweep(25)), TestActor);
        ExpectMsg<SweepAccepted>(a => Assert.Equal((25, 0), (a.Jobs, a.AlreadyDone)));
        AwaitFinished(coordinator);

        var ledger = Ledger(coordinator);
        Assert.All(ledger.Jobs, j => Assert.Equal("Succeeded", j.Status));
        Assert.All(runner.Runs.Values, n => Assert.Equal(1, n));
        Assert.Equal(25, runner.Runs.Count);
        Assert.Equal(12.0, ledger.Jobs.Single(j => j.Spec.JobId == "job24").Result!.Metrics["score"]);
        Assert.Subset(new HashSet<string> { "host-a", "host-b" }, ledger.Jobs.Select(j => j.Host!).ToHashSet());
    }

    [Fact]
    public void A_dead_workers_jobs_run_elsewhere()
    {
        var coordinator = Coordinator();
        var hanging = new HangingRunner();
        var doomed = Worker(coordinator, "doomed", hanging, slots: 2);
        coordinator.Tell(new SubmitSweep(Sweep(6)), TestActor);
        ExpectMsg<SweepAccepted>();
        AwaitCondition(() => hanging.Started.Count == 2, TimeSpan.FromSeconds(10));

        Sys.Stop(doomed);
        var runner = new CountingRunner();
        Worker(coordinator, "survivor", runner);
        AwaitFinished(coordinator);
        Assert.Equal(6, runner.Runs.Count);
        Assert.All(hanging.Started, id => Assert.True(Ledger(coordinator).Jobs.Single(j => j.Spec.JobId == id).Attempt >= 2));
    }

    [Fact]
    public void A_hung_worker_loses_its_lease_when_it_stops_heartbeating()
    {
        var coordinator = Coordinator();
        // A worker actor that takes a job and then says nothing, as a frozen process would.
        var silent = CreateTestProbe();
        silent.Send(coordinator, new RequestWork("silent", 1));
        coordinator.Tell(new SubmitSweep(Sweep(2, lease: TimeSpan.FromMilliseconds(300))), TestActor);
        ExpectMsg<SweepAccepted>();
        var stuck = Assert.Single(silent.ExpectMsg<AssignJobs>().Jobs);
        var runner = new CountingRunner();
        Worker(coordinator, "healthy", runner);
        AwaitFinished(coordinator);
        Assert.True(runner.Runs.ContainsKey(stuck.Job.JobId));
    }

    [Fact]
    public async Task A_bad_track_is_recorded_as_failed_and_the_sweep_goes_on()
    {
        var coordinator = Coordinator();
        var runner = new CountingRunner((job, _) => job.TrackId == "track3"
            ? throw new InvalidDataException("tracks/track3.wav: RIFF header is truncated")
            : null);
        Worker(coordinator, "w", runner);
        coordinator.Tell(new SubmitSweep(Sweep(5)), TestActor);
        ExpectMsg<SweepAccepted>();
        AwaitFinished(coordinator);

        var progress = await coordinator.Ask<SweepProgress>(new GetSweepProgress("s"));
        Assert.Equal((4, 1), (progress.Succeeded, progress.Failed));
        var failed = Ledger(coordinator).Jobs.Single(j => j.Status == "Failed");
        Assert.Contains("track3.wav: RIFF header is truncated", failed.Error);
        Assert.Equal(1, runner.Runs[failed.Spec.JobId]); // bad data is not retried
    }

    [Fact]
    public void Retryable_failures_are_retried_up_to_the_limit()
    {
        var coordinator = Coordinator();
        var runner = new CountingRunner((job, _) => job.TrackId == "track0" ? throw new TimeoutException("slow disk") : null);
        Worker(coordinator, "w", runner);
        coordinator.Tell(new SubmitSweep(Sweep(2, maxAttempts: 3)), TestActor);
        ExpectMsg<SweepAccepted>();
        AwaitFinished(coordinator);
        Assert.Equal(3, runner.Runs["job0"]);
        Assert.Equal(1, runner.Runs["job1"]);
    }

    [Fact]
    public void A_restarted_coordinator_recovers_and_finished_jobs_are_not_recomputed()
    {
        var first = Coordinator("recovering");
        var runner = new CountingRunner((job, ct) =>
        {
            if (job.TrackId is "track8" or "track9")
            {
                ct.WaitHandle.WaitOne(); // still running when the coordinator goes down
                ct.ThrowIfCancellationRequested();
            }
            return null;
        });
        var worker = Worker(first, "w", runner);
        // After a restart nobody knows whether "w" lives, so its jobs wait for their lease to run out: keep it short.
        var sweep = Sweep(10, lease: TimeSpan.FromSeconds(1));
        first.Tell(new SubmitSweep(sweep), TestActor);
        ExpectMsg<SweepAccepted>();
        AwaitCondition(() => runner.Runs.Count == 9, TimeSpan.FromSeconds(10));
        AwaitCondition(() => Ledger(first).Jobs.Count(j => j.Status == "Succeeded") == 8, TimeSpan.FromSeconds(10));
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        Sys.Stop(worker);

        // Results are stored asynchronously: the last one may still be on its way to the journal when the
        // first coordinator stops. Recover until the journal has all eight (it must, within a few seconds).
        var second = Coordinator("recovering");
        for (var attempt = 0; attempt < 50 && Ledger(second).Jobs.Count(j => j.Status == "Succeeded") < 8; attempt++)
        {
            Watch(second);
            Sys.Stop(second);
            ExpectTerminated(second);
            Thread.Sleep(100);
            second = Coordinator("recovering");
        }
        Assert.Equal(8, Ledger(second).Jobs.Count(j => j.Status == "Succeeded"));

        second.Tell(new SubmitSweep(sweep), TestActor);
        ExpectMsg<SweepAccepted>(a => Assert.Equal(8, a.AlreadyDone));
        var fresh = new CountingRunner();
        Worker(second, "w2", fresh);
        AwaitFinished(second);
        Assert.Equal(["job8", "job9"], fresh.Runs.Keys.Order());
    }

    [Fact]
    public void Duplicate_and_stale_outcomes_are_acknowledged_and_ignored()
    {
        var coordinator = Coordinator();
        var probe = CreateTestProbe();
        coordinator.Tell(new SubmitSweep(Sweep(1)), TestActor);
        ExpectMsg<SweepAccepted>();
        probe.Send(coordinator, new RequestWork("p", 1));
        var job = Assert.Single(probe.ExpectMsg<AssignJobs>().Jobs);
        var result = CountingRunner.Score(job.Job);
        var attempt = new JobAttempt(job.Job.JobId, job.Attempt);
        probe.Send(coordinator, Outcome(new JobSucceeded(job.Job.JobId, job.Attempt, "p", result)));
        Assert.Equal([attempt], probe.ExpectMsg<OutcomesAcknowledged>().Attempts);
        probe.Send(coordinator, Outcome(new JobSucceeded(job.Job.JobId, job.Attempt, "p", result with { FinalLoss = 99 })));
        Assert.Equal([attempt], probe.ExpectMsg<OutcomesAcknowledged>().Attempts);
        probe.Send(coordinator, new JobOutcomes("p", [], [new JobFailed(job.Job.JobId, job.Attempt, "p", "late failure", false)], 0));
        Assert.Equal([attempt], probe.ExpectMsg<OutcomesAcknowledged>().Attempts);
        var entry = Assert.Single(Ledger(coordinator).Jobs);
        Assert.Equal(("Succeeded", 0.0), (entry.Status, entry.Result!.FinalLoss));
    }

    [Fact]
    public void Progress_of_an_unknown_sweep_is_an_error_naming_it()
    {
        var coordinator = Coordinator();
        coordinator.Tell(new GetSweepProgress("nope"), TestActor);
        Assert.Equal("nope", ExpectMsg<SweepNotFound>().SweepId);
    }

    [Fact]
    public void A_worker_gets_its_free_slots_in_one_message_bounded_by_its_slots_and_prefetch()
    {
        var coordinator = Coordinator();
        coordinator.Tell(new SubmitSweep(Sweep(30)), TestActor);
        ExpectMsg<SweepAccepted>();
        var prefetching = CreateTestProbe();
        prefetching.Send(coordinator, new RegisterWorker("p", "h", Slots: 2, Prefetch: 8));
        prefetching.Send(coordinator, new RequestWork("p", 50));
        Assert.Equal(10, prefetching.ExpectMsg<AssignJobs>().Jobs.Count);
        var plain = CreateTestProbe();
        plain.Send(coordinator, new RegisterWorker("q", "h", Slots: 1));
        plain.Send(coordinator, new RequestWork("q", 5));
        Assert.Single(plain.ExpectMsg<AssignJobs>().Jobs);
        plain.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(11, Ledger(coordinator).Jobs.Count(j => j.Status == "Running"));
    }

    [Fact]
    public void Outcomes_reported_together_are_acknowledged_together_and_their_free_slots_are_served()
    {
        var coordinator = Coordinator();
        coordinator.Tell(new SubmitSweep(Sweep(6)), TestActor);
        ExpectMsg<SweepAccepted>();
        var worker = CreateTestProbe();
        worker.Send(coordinator, new RegisterWorker("w", "h", Slots: 1, Prefetch: 2));
        worker.Send(coordinator, new RequestWork("w", 3));
        var first = worker.ExpectMsg<AssignJobs>().Jobs;
        Assert.Equal(3, first.Count);

        worker.Send(coordinator, new JobOutcomes("w",
            [.. first.Take(2).Select(a => new JobSucceeded(a.Job.JobId, a.Attempt, "w", CountingRunner.Score(a.Job)))],
            [new JobFailed(first[2].Job.JobId, first[2].Attempt, "w", "InvalidDataException: NaN in V", Retryable: false)],
            FreeSlots: 3));
        // Assignments leave at once, the acknowledgement once the three outcomes are stored: both arrive.
        var replies = worker.ReceiveN(2).ToArray();
        Assert.Equal(3, replies.OfType<AssignJobs>().Single().Jobs.Count);
        Assert.Equal(first.Select(a => new JobAttempt(a.Job.JobId, a.Attempt)), replies.OfType<OutcomesAcknowledged>().Single().Attempts);
        var ledger = Ledger(coordinator);
        Assert.Equal((2, 1, 3), (ledger.Jobs.Count(j => j.Status == "Succeeded"), ledger.Jobs.Count(j => j.Status == "Failed"),
                                 ledger.Jobs.Count(j => j.Status == "Running")));
    }

    [Fact]
    public void A_sweep_of_short_jobs_runs_once_each_through_prefetching_workers()
    {
        var coordinator = Coordinator();
        var runner = new CountingRunner();
        Worker(coordinator, "a", runner);
        Worker(coordinator, "b", runner, slots: 2);
        coordinator.Tell(new SubmitSweep(Sweep(500)), TestActor);
        ExpectMsg<SweepAccepted>();
        AwaitFinished(coordinator);
        Assert.Equal(500, runner.Runs.Count);
        Assert.All(runner.Runs.Values, n => Assert.Equal(1, n));
        Assert.All(Ledger(coordinator).Jobs, j => Assert.Equal(("Succeeded", 1), (j.Status, j.Attempt)));
    }

    [Fact]
    public void A_lease_request_lost_with_its_entity_is_asked_again_once_its_patience_runs_out()
    {
        // Found by the cluster chaos run (seed 20261208): PostgreSQL stopped, the entity's journal write failed and it
        // stopped; the dispatcher's LeaseWork went to dead letters, stayed counted as asked, and the sweep's workers
        // were never served again. Here the region is a probe that never answers.
        var now = DateTimeOffset.UnixEpoch;
        var region = CreateTestProbe();
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(Fast with { PersistenceId = "lost-ask", Clock = () => now },
                                                              region.Ref, DispatcherRole.Workers));
        var worker = CreateTestProbe();
        worker.Send(coordinator, new RegisterWorker("w", "h", Slots: 1));
        coordinator.Tell(new SweepOpenWork("s", Pending: 5, Running: 0, Share: 1));
        worker.Send(coordinator, new RequestWork("w", 1));
        var first = (LeaseWork)region.FishForMessage(m => m is LeaseWork);
        Assert.Equal(("s", "w", 1), (first.SweepId, first.WorkerId, first.Count));

        worker.Send(coordinator, new RequestWork("w", 1)); // the worker's idle poll while the request is still out
        Assert.DoesNotContain(region.ReceiveWhile(TimeSpan.FromMilliseconds(500), m => m), m => m is LeaseWork);

        now += Fast.LeaseAnswerPatience + TimeSpan.FromSeconds(1);
        worker.Send(coordinator, new RequestWork("w", 1));
        var again = (LeaseWork)region.FishForMessage(m => m is LeaseWork);
        Assert.Equal(("s", "w", 1), (again.SweepId, again.WorkerId, again.Count));
    }

    [Fact]
    public void Released_jobs_go_to_another_worker_without_losing_an_attempt()
    {
        var coordinator = Coordinator();
        coordinator.Tell(new SubmitSweep(Sweep(3, maxAttempts: 1)), TestActor);
        ExpectMsg<SweepAccepted>();
        var busy = CreateTestProbe();
        busy.Send(coordinator, new RegisterWorker("busy", "h", Slots: 1, Prefetch: 2));
        busy.Send(coordinator, new RequestWork("busy", 3));
        var held = busy.ExpectMsg<AssignJobs>().Jobs;
        busy.Send(coordinator, new ReleaseJobs("busy", [.. held.Skip(1).Select(a => new JobAttempt(a.Job.JobId, a.Attempt))]));

        var idle = CreateTestProbe();
        idle.Send(coordinator, new RegisterWorker("idle", "h", Slots: 2));
        idle.Send(coordinator, new RequestWork("idle", 2));
        var taken = idle.ExpectMsg<AssignJobs>().Jobs;
        Assert.Equal(held.Skip(1).Select(a => a.Job.JobId).Order(), taken.Select(a => a.Job.JobId).Order());
        // One attempt allowed, and still leased: the release did not use it up.
        Assert.All(Ledger(coordinator).Jobs.Where(j => taken.Any(t => t.Job.JobId == j.Spec.JobId)),
                   j => Assert.Equal(("Running", "idle", 0), (j.Status, j.WorkerId, j.AttemptsLeft)));
    }
}
