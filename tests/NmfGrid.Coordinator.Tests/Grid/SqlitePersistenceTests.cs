using Akka.Actor;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Grid;

public sealed class SqlitePersistenceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a guard, not a measurement: first use of linq2db takes seconds on a busy machine
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nmfgrid-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "outputs", "nmfgrid.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static readonly IGridMessage[] Events =
    [
        GridMessageSamples.ByType[typeof(SweepSubmitted)],
        GridMessageSamples.ByType[typeof(JobLeased)],
        GridMessageSamples.ByType[typeof(JobCompleted)],
        GridMessageSamples.ByType[typeof(JobAttemptFailed)],
        GridMessageSamples.ByType[typeof(JobRequeued)],
    ];

    [Fact]
    public async Task Events_persisted_to_a_SQLite_file_are_recovered_by_a_new_ActorSystem()
    {
        var options = GridPersistenceOptions.Sqlite(DatabasePath);
        await using (var first = await GridHost.Start(options))
        {
            var log = first.System.ActorOf(EventLog.Props("sweep-coordinator"));
            foreach (var e in Events)
                await log.Ask<EventLog.Appended>(new EventLog.Append(e), Patience);
        }

        await using var second = await GridHost.Start(options);
        var recovered = await second.System.ActorOf(EventLog.Props("sweep-coordinator"))
            .Ask<EventLog.Recovered>(EventLog.GetRecovered.Instance, Patience);
        Assert.Null(recovered.SnapshotState);
        Structural.AssertEqual(Events, recovered.Events);
    }

    [Fact]
    public async Task Snapshot_is_recovered_with_the_events_persisted_after_it()
    {
        var options = GridPersistenceOptions.Sqlite(DatabasePath);
        var state = GridMessageSamples.ByType[typeof(SweepProgress)];
        await using (var first = await GridHost.Start(options))
        {
            var log = first.System.ActorOf(EventLog.Props("sweep-coordinator"));
            await log.Ask<EventLog.Appended>(new EventLog.Append(Events[0]), Patience);
            await log.Ask<EventLog.Appended>(new EventLog.Append(Events[1]), Patience);
            var saved = await log.Ask<object>(new EventLog.Snapshot(state), Patience);
            Assert.Equal(new EventLog.SnapshotSaved(2), saved);
            await log.Ask<EventLog.Appended>(new EventLog.Append(Events[2]), Patience);
        }

        await using var second = await GridHost.Start(options);
        var recovered = await second.System.ActorOf(EventLog.Props("sweep-coordinator"))
            .Ask<EventLog.Recovered>(EventLog.GetRecovered.Instance, Patience);
        Structural.AssertEqual(state, recovered.SnapshotState);
        Structural.AssertEqual(new[] { Events[2] }, recovered.Events);
    }

    [Fact]
    public async Task Journal_and_snapshots_live_in_separate_files_in_WAL_mode_with_one_writer()
    {
        await using var host = await GridHost.Start(GridPersistenceOptions.Sqlite(DatabasePath));
        var snapshotPath = Path.Combine(_directory, "outputs", "nmfgrid.snapshots.db");
        Assert.Equal(snapshotPath, SqliteDatabase.SnapshotPath(DatabasePath));
        foreach (var path in new[] { DatabasePath, snapshotPath })
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", command.ExecuteScalar());
        }
        var config = host.System.Settings.Config;
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        // The breakers outwait the 30 s busy timeout, so a held lock ends as "database is locked".
        Assert.Equal(TimeSpan.FromSeconds(40), config.GetTimeSpan("akka.persistence.journal.sql.circuit-breaker.call-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(40), config.GetTimeSpan("akka.persistence.snapshot-store.sql.circuit-breaker.call-timeout"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Contains("Default Timeout=30", config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Contains("nmfgrid.snapshots.db", config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
    }

    /// <summary>
    /// Another process holding the write lock (BEGIN EXCLUSIVE) only delays a persist: Microsoft.Data.Sqlite
    /// retries SQLITE_BUSY until the busy timeout, so the write goes through once the lock is released.
    /// </summary>
    [Fact]
    public async Task A_write_lock_released_within_the_busy_timeout_only_delays_a_persist()
    {
        var options = GridPersistenceOptions.Sqlite(DatabasePath);
        await using var host = await GridHost.Start(options);
        var log = host.System.ActorOf(EventLog.Props("sweep-coordinator"));
        await log.Ask<EventLog.Appended>(new EventLog.Append(Events[0]), Patience);

        Task<EventLog.Appended> appended;
        using (var locker = ExclusiveLock(DatabasePath))
        {
            appended = log.Ask<EventLog.Appended>(new EventLog.Append(Events[1]), Patience);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(appended.IsCompleted, "the persist should wait for the lock");
        }
        Assert.Equal(2, (await appended).SequenceNr);
    }

    /// <summary>A lock held past the busy timeout fails the persist; the actor is told why before it stops.</summary>
    [Fact]
    public async Task A_write_lock_held_past_the_busy_timeout_fails_the_persist_with_database_is_locked()
    {
        var options = GridPersistenceOptions.Sqlite(DatabasePath) with { BusyTimeout = TimeSpan.FromSeconds(1) };
        await using var host = await GridHost.Start(options);
        var log = host.System.ActorOf(EventLog.Props("sweep-coordinator"));
        await log.Ask<EventLog.Appended>(new EventLog.Append(Events[0]), Patience);

        using var locker = ExclusiveLock(DatabasePath);
        var failed = await log.Ask<EventLog.Failed>(new EventLog.Append(Events[1]), Patience);
        Assert.Contains("database is locked", failed.Error);
    }

    [Fact]
    public async Task A_file_locked_at_startup_stops_startup_with_the_file_named()
    {
        var options = GridPersistenceOptions.Sqlite(DatabasePath) with { BusyTimeout = TimeSpan.FromSeconds(1) };
        SqliteDatabase.Prepare(DatabasePath, options.BusyTimeout);
        using var locker = ExclusiveLock(DatabasePath);

        // The host start itself throws it, unwrapped: that message is what the user sees.
        var e = await Assert.ThrowsAsync<GridDatabaseException>(() => GridHost.Start(options));
        Assert.Contains(Path.GetFullPath(DatabasePath), e.Message);
        Assert.Contains("locked", e.Message);
    }

    [Fact]
    public void A_file_that_cannot_be_created_is_named_in_the_error()
    {
        Directory.CreateDirectory(_directory);
        var blocker = Path.Combine(_directory, "not-a-folder");
        File.WriteAllText(blocker, "");
        var path = Path.Combine(blocker, "nmfgrid.db");

        var e = Assert.Throws<GridDatabaseException>(() => SqliteDatabase.Prepare(path, TimeSpan.FromSeconds(1)));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public async Task The_query_plugin_looks_for_new_events_at_the_short_SQLite_poll_not_the_plugins_one_second()
    {
        // Both timers bound how long a read-journal query waits for the latest events: at the plugin's default (1 s)
        // the results projector's last catch-up held every `nmfgrid run` for up to a second at exit.
        await using var host = await GridHost.Start(GridPersistenceOptions.Sqlite(DatabasePath));
        var query = host.System.Settings.Config.GetConfig("akka.persistence.query.journal.sql");
        Assert.Equal(GridPersistence.QueryPoll, query.GetTimeSpan("journal-sequence-retrieval.query-delay"));
        Assert.Equal(GridPersistence.QueryPoll, query.GetTimeSpan("refresh-interval"));
        Assert.True(GridPersistence.QueryPoll < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Snapshot_file_sits_beside_the_journal_file()
    {
        Assert.Equal(Path.Combine("outputs", "nmfgrid.snapshots.db"), SqliteDatabase.SnapshotPath("outputs/nmfgrid.db"));
        Assert.Equal("grid.snapshots", SqliteDatabase.SnapshotPath("grid"));
    }

    /// <summary>A second connection that holds SQLite's write lock until disposed.</summary>
    private static SqliteConnection ExclusiveLock(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE;";
        command.ExecuteNonQuery();
        return connection;
    }
}
