using Akka.Actor;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Grid;

public sealed class PostgresPersistenceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a guard, not a measurement: first use of linq2db takes seconds on a busy machine

    [PostgresFact]
    public async Task Events_and_snapshot_persisted_to_PostgreSQL_are_recovered_by_a_new_ActorSystem()
    {
        var options = GridPersistenceOptions.Postgres(PostgresFactAttribute.ConnectionString!);
        var persistenceId = "sweep-coordinator-" + Guid.NewGuid().ToString("N"); // the database outlives the test
        var state = GridMessageSamples.ByType[typeof(SweepProgress)];
        IGridMessage[] events =
        [
            GridMessageSamples.ByType[typeof(SweepSubmitted)],
            GridMessageSamples.ByType[typeof(JobLeased)],
            GridMessageSamples.ByType[typeof(JobCompleted)],
        ];
        await using (var first = await GridHost.Start(options))
        {
            var log = first.System.ActorOf(EventLog.Props(persistenceId));
            await log.Ask<EventLog.Appended>(new EventLog.Append(events[0]), Patience);
            Assert.Equal(new EventLog.SnapshotSaved(1), await log.Ask<object>(new EventLog.Snapshot(state), Patience));
            await log.Ask<EventLog.Appended>(new EventLog.Append(events[1]), Patience);
            await log.Ask<EventLog.Appended>(new EventLog.Append(events[2]), Patience);
        }

        await using var second = await GridHost.Start(options);
        var recovered = await second.System.ActorOf(EventLog.Props(persistenceId))
            .Ask<EventLog.Recovered>(EventLog.GetRecovered.Instance, Patience);
        Structural.AssertEqual(state, recovered.SnapshotState);
        Structural.AssertEqual(events[1..], recovered.Events);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_stops_startup_with_host_port_and_database_named()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var options = GridPersistenceOptions.Postgres("Host=127.0.0.1;Port=1;Database=nmfgrid;Username=grid;Password=secret;Timeout=5");
        var e = await Assert.ThrowsAsync<GridDatabaseException>(() => GridHost.Start(options));
        Assert.Contains("host '127.0.0.1', port 1, database 'nmfgrid'", e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void A_malformed_PostgreSQL_connection_string_is_rejected()
    {
        var e = Assert.Throws<GridDatabaseException>(() => PostgresDatabase.Check("Host=x;NoSuchKeyword=1"));
        Assert.Contains("nosuchkeyword", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
