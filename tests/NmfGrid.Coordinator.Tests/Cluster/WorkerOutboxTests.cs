using Akka.Actor;
using Akka.TestKit.Xunit2;
using NmfGrid.Coordinator.Tests.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>A worker's unacknowledged outcomes survive the worker: kept on disk, resent by its successor, removed on acknowledgement.</summary>
public sealed class WorkerOutboxTests() : TestKit("akka.loglevel = WARNING"), IDisposable
{
    private readonly string _outbox = Directory.CreateTempSubdirectory("nmfgrid-outbox-").FullName;

    void IDisposable.Dispose()
    {
        Directory.Delete(_outbox, recursive: true);
        Shutdown();
    }

    private IActorRef Worker(IActorRef coordinator) => Sys.ActorOf(WorkerActor.Props(coordinator, new WorkerSettings
    {
        WorkerId = "node-1/worker-0",
        OutboxDirectory = _outbox,
        HeartbeatInterval = TimeSpan.FromMinutes(1),
        ResendInterval = TimeSpan.FromMinutes(1), // only the restart resends here
        IdlePoll = TimeSpan.FromMinutes(1),
    }, new CountingRunner()));

    private static AssignJob Assignment() => new(SweepLedgerTests.Sweep("s", 1).Jobs[0], 1, DateTimeOffset.UtcNow.AddMinutes(1));

    [Fact]
    public void An_outcome_not_acknowledged_before_the_worker_stopped_is_resent_by_the_next_worker_and_forgotten_on_ack()
    {
        var coordinator = CreateTestProbe();
        var first = Worker(coordinator);
        first.Tell(new AssignJobs([Assignment()], [SweepLedgerTests.Sweep("s", 1).Points![0]]), coordinator);
        var outcome = Assert.Single(coordinator.FishForMessage<JobOutcomes>(m => m is JobOutcomes, TimeSpan.FromSeconds(10)).Succeeded);
        Assert.Single(Directory.GetFiles(_outbox, "*.json"));
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        var second = Worker(coordinator);
        var resent = Assert.Single(coordinator.FishForMessage<JobOutcomes>(m => m is JobOutcomes, TimeSpan.FromSeconds(10)).Succeeded);
        Assert.Equal((outcome.JobId, outcome.Attempt, outcome.Result.Metrics["score"]), (resent.JobId, resent.Attempt, resent.Result.Metrics["score"]));

        second.Tell(new OutcomesAcknowledged([new JobAttempt(resent.JobId, resent.Attempt)]), coordinator);
        AwaitCondition(() => Directory.GetFiles(_outbox, "*.json").Length == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void An_unreadable_outbox_file_is_named()
    {
        File.WriteAllText(Path.Combine(_outbox, "job0.1.succeeded.json"), "{ not json");
        var e = Assert.Throws<InvalidDataException>(() => new OutcomeOutbox(_outbox).Pending());
        Assert.Contains("job0.1.succeeded.json", e.Message);
    }

    private static JobSucceeded Success(int i) =>
        new($"job{i}", 1, "node-1/worker-0", CountingRunner.Score(SweepLedgerTests.Sweep("s", 3).Jobs[i]));

    [Fact]
    public void A_report_is_one_file_deleted_once_every_outcome_in_it_is_acknowledged()
    {
        var outbox = new OutcomeOutbox(_outbox);
        outbox.Keep(new JobOutcomes("node-1/worker-0", [Success(0), Success(1)],
                                    [new JobFailed("job2", 1, "node-1/worker-0", "NaN in V", false)], FreeSlots: 1));
        Assert.Single(Directory.GetFiles(_outbox, "*.outcomes.json"));

        var reopened = new OutcomeOutbox(_outbox);
        Assert.Equal(["job0", "job1", "job2"], reopened.Pending().Select(o => o.JobId));
        reopened.Forget(new JobAttempt("job0", 1));
        reopened.Forget(new JobAttempt("job2", 1));
        Assert.Single(Directory.GetFiles(_outbox));
        reopened.Forget(new JobAttempt("job1", 1));
        Assert.Empty(Directory.GetFiles(_outbox));
    }

    [Fact]
    public void A_one_outcome_file_written_by_an_earlier_build_is_still_read_and_deleted_on_acknowledgement()
    {
        File.WriteAllText(Path.Combine(_outbox, "job0.1.succeeded.json"),
                          System.Text.Json.JsonSerializer.Serialize(Success(0), GridSerializer.JsonOptions));
        var outbox = new OutcomeOutbox(_outbox);
        Assert.Equal("job0", Assert.IsType<JobSucceeded>(Assert.Single(outbox.Pending())).JobId);
        outbox.Forget(new JobAttempt("job0", 1));
        Assert.Empty(Directory.GetFiles(_outbox));
    }
}
