using Akka.Actor;
using Akka.TestKit.Xunit2;
using NmfGrid.Coordinator.Tests.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>One worker actor against a probe standing in for the coordinator: what it reports, asks for and heartbeats.</summary>
public sealed class WorkerActorTests() : TestKit("""
    akka.loglevel = WARNING
    akka.test.timefactor = 3.0
    """)
{
    private static readonly SweepDefinition Sweep = SweepLedgerTests.Sweep("s", 4);

    private IActorRef Worker(IActorRef coordinator, IJobRunner runner, TimeSpan? heartbeat = null, TimeSpan? holdLimit = null,
                             TimeSpan? idlePoll = null) =>
        Sys.ActorOf(WorkerActor.Props(coordinator, new WorkerSettings
        {
            WorkerId = "w", Slots = 1, Prefetch = 8, PrefetchWindow = TimeSpan.FromMilliseconds(200),
            HeartbeatInterval = heartbeat ?? TimeSpan.FromMinutes(1), ResendInterval = TimeSpan.FromMinutes(1),
            IdlePoll = idlePoll ?? TimeSpan.FromMinutes(1), HoldLimit = holdLimit ?? TimeSpan.FromMinutes(1),
        }, runner));

    /// <summary>The assignments in one message, with the points they run, as the coordinator sends them.</summary>
    private static AssignJobs Batch(AssignJob[] jobs) => new(jobs, jobs.Select(j => Sweep.PointOf(j.Job)).Distinct().ToArray());

    private static AssignJob Assignment(int i, TimeSpan? lease = null) =>
        new(Sweep.Jobs[i], 1, DateTimeOffset.UtcNow + (lease ?? TimeSpan.FromMinutes(1)));

    /// <summary>A runner whose job <paramref name="jobId"/> (every job when null) waits until released.</summary>
    private static (CountingRunner Runner, ManualResetEventSlim Release) HeldUpAt(string? jobId)
    {
        var release = new ManualResetEventSlim();
        return (new CountingRunner((job, _) =>
        {
            if (jobId is null || job.JobId == jobId)
            {
                release.Wait(TimeSpan.FromSeconds(30));
            }
            return null;
        }), release);
    }

    private JobOutcomes NextReport(Akka.TestKit.TestProbe coordinator) =>
        coordinator.FishForMessage<JobOutcomes>(m => m is JobOutcomes, TimeSpan.FromSeconds(10));

    [Fact]
    public void After_a_short_job_the_worker_asks_for_its_slot_and_its_whole_prefetch()
    {
        var coordinator = CreateTestProbe();
        var worker = Worker(coordinator, new CountingRunner());
        coordinator.FishForMessage<RequestWork>(m => m is RequestWork r && r.FreeSlots == 1); // nothing held before a job has run
        worker.Tell(Batch([Assignment(0)]), coordinator);
        var report = NextReport(coordinator);
        Assert.Equal(Sweep.Jobs[0].JobId, Assert.Single(report.Succeeded).JobId);
        Assert.Equal(1 + 8, report.FreeSlots);
    }

    [Fact]
    public void A_job_sent_without_its_point_fails_naming_it_and_the_worker_runs_the_next()
    {
        var coordinator = CreateTestProbe();
        var runner = new CountingRunner();
        var worker = Worker(coordinator, runner);
        worker.Tell(new AssignJobs([Assignment(0)], []), coordinator);
        var failed = Assert.Single(NextReport(coordinator).Failed);
        Assert.Contains("without its configuration point 0", failed.Error);
        Assert.False(failed.Retryable);

        worker.Tell(Batch([Assignment(1)]), coordinator);
        Assert.Equal(Sweep.Jobs[1].JobId, Assert.Single(NextReport(coordinator).Succeeded).JobId);
        Assert.Equal(1, Assert.Single(runner.Runs).Value);
    }

    [Fact]
    public void After_a_slow_job_the_worker_asks_for_its_slot_only()
    {
        var coordinator = CreateTestProbe();
        var worker = Worker(coordinator, new CountingRunner((job, _) =>
        {
            Thread.Sleep(400); // two windows
            return null;
        }));
        worker.Tell(Batch([Assignment(0)]), coordinator);
        Assert.Equal(1, NextReport(coordinator).FreeSlots);
    }

    [Fact]
    public void A_held_job_runs_after_the_deadline_it_came_with_since_its_heartbeats_extend_the_lease()
    {
        var coordinator = CreateTestProbe();
        var (runner, release) = HeldUpAt(Sweep.Jobs[0].JobId);
        var worker = Worker(coordinator, runner, heartbeat: TimeSpan.FromMilliseconds(100));
        worker.Tell(Batch([Assignment(0), Assignment(1, lease: TimeSpan.FromMilliseconds(300)), Assignment(2)]), coordinator);

        var heartbeat = coordinator.FishForMessage<JobHeartbeats>(m => m is JobHeartbeats, TimeSpan.FromSeconds(10));
        Assert.Equal(3, heartbeat.Attempts.Count); // held jobs heartbeat too
        Thread.Sleep(500); // past job 1's first deadline while job 0 still runs
        release.Set();

        var reported = new List<string>();
        while (reported.Count < 3)
        {
            reported.AddRange(NextReport(coordinator).Succeeded.Select(s => s.JobId));
        }
        Assert.Equal(Sweep.Jobs.Take(3).Select(j => j.JobId), reported);
        Assert.Equal(1, runner.Runs[Sweep.Jobs[1].JobId]);
    }

    [Fact]
    public void A_worker_stalled_behind_a_slow_job_asks_for_nothing_so_released_jobs_do_not_come_back_to_it()
    {
        var coordinator = CreateTestProbe();
        var (runner, release) = HeldUpAt(Sweep.Jobs[1].JobId);
        var worker = Worker(coordinator, runner, heartbeat: TimeSpan.FromMilliseconds(100), holdLimit: TimeSpan.FromMilliseconds(300),
                            idlePoll: TimeSpan.FromMilliseconds(100));
        worker.Tell(Batch([Assignment(0)]), coordinator);
        Assert.Equal(1 + 8, NextReport(coordinator).FreeSlots); // a short job: the worker now prefetches
        worker.Tell(Batch([Assignment(1), Assignment(2), Assignment(3)]), coordinator);

        coordinator.FishForMessage<ReleaseJobs>(m => m is ReleaseJobs, TimeSpan.FromSeconds(10));
        // Polled every 100 ms: an idle or prefetching worker would ask again within this time.
        var sent = coordinator.ReceiveWhile<object>(TimeSpan.FromMilliseconds(800), m => m, msgs: int.MaxValue);
        release.Set();

        Assert.Contains(sent, m => m is JobHeartbeats); // the worker was heard from meanwhile
        Assert.DoesNotContain(sent, m => m is RequestWork { FreeSlots: > 0 } or JobOutcomes { FreeSlots: > 0 });
    }

    [Fact]
    public void Every_outcome_is_reported_once_in_the_order_the_jobs_ran()
    {
        var coordinator = CreateTestProbe();
        var worker = Worker(coordinator, new CountingRunner());
        worker.Tell(Batch([.. Enumerable.Range(0, 4).Select(i => Assignment(i))]), coordinator);
        var reported = new List<JobSucceeded>();
        while (reported.Count < 4)
        {
            reported.AddRange(NextReport(coordinator).Succeeded);
        }
        Assert.Equal(Sweep.Jobs.Select(j => j.JobId), reported.Select(s => s.JobId));
        Assert.All(reported, s => Assert.Equal(("w", "w"), (s.WorkerId, s.Result.WorkerId)));
    }

    [Fact]
    public void A_held_job_leased_again_runs_once_and_answers_to_the_newest_attempt()
    {
        var coordinator = CreateTestProbe();
        var (runner, release) = HeldUpAt(Sweep.Jobs[0].JobId);
        var worker = Worker(coordinator, runner, heartbeat: TimeSpan.FromMilliseconds(100));
        worker.Tell(Batch([Assignment(0), Assignment(1)]), coordinator);
        // Job 1's first lease ran out while it waited; the coordinator leased it again (to this worker) as attempt 2.
        worker.Tell(Batch([Assignment(1) with { Attempt = 2 }]), coordinator);
        release.Set();

        var reported = new List<JobSucceeded>();
        while (reported.Count < 2)
        {
            reported.AddRange(NextReport(coordinator).Succeeded);
        }
        Assert.Equal([(Sweep.Jobs[0].JobId, 1), (Sweep.Jobs[1].JobId, 2)], reported.Select(r => (r.JobId, r.Attempt)));
        Assert.Equal(1, runner.Runs[Sweep.Jobs[1].JobId]);
    }

    [Fact]
    public void Held_jobs_go_back_once_the_running_job_takes_longer_than_the_hold_limit()
    {
        var coordinator = CreateTestProbe();
        var (runner, release) = HeldUpAt(jobId: null);
        var worker = Worker(coordinator, runner, heartbeat: TimeSpan.FromMilliseconds(100), holdLimit: TimeSpan.FromMilliseconds(300));
        worker.Tell(Batch([Assignment(0), Assignment(1), Assignment(2)]), coordinator);

        var released = coordinator.FishForMessage<ReleaseJobs>(m => m is ReleaseJobs, TimeSpan.FromSeconds(10));
        // Each released job names its sweep (the dispatcher routes it to that sweep's entity).
        Assert.Equal([new JobAttempt(Sweep.Jobs[1].JobId, 1, Sweep.SweepId), new JobAttempt(Sweep.Jobs[2].JobId, 1, Sweep.SweepId)], released.Attempts);
        release.Set();
        Assert.Equal(Sweep.Jobs[0].JobId, Assert.Single(NextReport(coordinator).Succeeded).JobId);
        Assert.Equal([Sweep.Jobs[0].JobId], runner.Runs.Keys);
    }
}
