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
        first.Tell(Assignment(), coordinator);
        var outcome = coordinator.FishForMessage<JobSucceeded>(m => m is JobSucceeded, TimeSpan.FromSeconds(10));
        Assert.Single(Directory.GetFiles(_outbox, "*.json"));
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        var second = Worker(coordinator);
        var resent = coordinator.FishForMessage<JobSucceeded>(m => m is JobSucceeded, TimeSpan.FromSeconds(10));
        Assert.Equal((outcome.JobId, outcome.Attempt, outcome.Result.Metrics["score"]), (resent.JobId, resent.Attempt, resent.Result.Metrics["score"]));

        second.Tell(new OutcomeAcknowledged(resent.JobId, resent.Attempt), coordinator);
        AwaitCondition(() => Directory.GetFiles(_outbox, "*.json").Length == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void An_unreadable_outbox_file_is_named()
    {
        File.WriteAllText(Path.Combine(_outbox, "job0.1.succeeded.json"), "{ not json");
        var e = Assert.Throws<InvalidDataException>(() => new OutcomeOutbox(_outbox).Pending());
        Assert.Contains("job0.1.succeeded.json", e.Message);
    }
}
