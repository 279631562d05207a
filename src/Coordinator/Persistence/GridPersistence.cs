using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;

namespace NmfGrid.Coordinator.Persistence;

/// <summary>Hosting registration of the coordinator's event log (Akka.Persistence.Sql journal + snapshot store).</summary>
public static class GridPersistence
{
    /// <summary>
    /// Checks the database first (see <see cref="SqliteDatabase.Prepare"/> and <see cref="PostgresDatabase.Check"/>),
    /// so a locked file or an unreachable server stops startup with a message naming it.
    /// </summary>
    public static AkkaConfigurationBuilder WithGridPersistence(this AkkaConfigurationBuilder builder, GridPersistenceOptions options) =>
        options.Provider switch
        {
            GridDatabaseProvider.Sqlite => WithSqlite(builder, options),
            GridDatabaseProvider.Postgres => WithPostgres(builder, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown persistence provider."),
        };

    private static AkkaConfigurationBuilder WithSqlite(AkkaConfigurationBuilder builder, GridPersistenceOptions options)
    {
        var journalPath = options.Database;
        var snapshotPath = SqliteDatabase.SnapshotPath(journalPath);
        SqliteDatabase.Prepare(journalPath, options.BusyTimeout);
        SqliteDatabase.Prepare(snapshotPath, options.BusyTimeout);

        return builder
            .WithSqlPersistence(
                new SqlJournalOptions(isDefaultPlugin: true)
                {
                    ConnectionString = SqliteDatabase.ConnectionString(journalPath, options.BusyTimeout),
                    ProviderName = ProviderName.SQLiteMS,
                    AutoInitialize = true,
                    DataOptions = SqliteDatabase.DataOptions(journalPath, options.BusyTimeout, options.SyncEveryCommit),
                },
                new SqlSnapshotOptions(isDefaultPlugin: true)
                {
                    ConnectionString = SqliteDatabase.ConnectionString(snapshotPath, options.BusyTimeout),
                    ProviderName = ProviderName.SQLiteMS,
                    AutoInitialize = true,
                    DataOptions = SqliteDatabase.DataOptions(snapshotPath, options.BusyTimeout, options.SyncEveryCommit),
                })
            .AddHocon(SqliteTuning(options.BusyTimeout), HoconAddMode.Prepend);
    }

    /// <summary>
    /// SQLite has a single writer: concurrent journal writers would only queue on the file lock. A write may wait
    /// the whole busy timeout for that lock, so the plugins' circuit breakers (10 s journal, 20 s snapshots by
    /// default) must wait longer, or a slow lock surfaces as a breaker timeout instead of "database is locked".
    /// The results projector reads the journal through the query plugin. Its two timers (the plugin's defaults are 1 s
    /// each) are 100 ms here: a query sees an event only once the journal's sequence actor has (query-delay), and a live
    /// query polls at refresh-interval. At 1 s the projector's last catch-up, which `nmfgrid run` waits for before it
    /// exits, held most runs for a second (docs/performance.md, "Fixed costs of a run"); an idle poll of the local
    /// file costs well under a millisecond. PostgreSQL (the cluster) keeps the defaults.
    /// A batch of events is inserted with parameters: by default linq2db writes each payload into the SQL text
    /// as a hex literal, which cost more CPU than anything else in the grid (docs/performance.md).
    /// </summary>
    internal static string SqliteTuning(TimeSpan busyTimeout)
    {
        var callTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds) + 10;
        return $"""
            akka.persistence.journal.sql.parallelism = 1
            akka.persistence.journal.sql.prefer-parameters-on-multirow-insert = true
            akka.persistence.journal.sql.circuit-breaker.call-timeout = {callTimeout}s
            akka.persistence.snapshot-store.sql.circuit-breaker.call-timeout = {callTimeout}s
            akka.persistence.query.journal.sql.refresh-interval = {QueryPoll.TotalMilliseconds:0}ms
            akka.persistence.query.journal.sql.journal-sequence-retrieval.query-delay = {QueryPoll.TotalMilliseconds:0}ms
            """;
    }

    /// <summary>How often the query plugin looks for new events on SQLite (see <see cref="SqliteTuning"/>).</summary>
    internal static readonly TimeSpan QueryPoll = TimeSpan.FromMilliseconds(100);

    private static AkkaConfigurationBuilder WithPostgres(AkkaConfigurationBuilder builder, GridPersistenceOptions options)
    {
        PostgresDatabase.Check(options.Database);
        return builder.WithSqlPersistence(
            connectionString: options.Database,
            providerName: ProviderName.PostgreSQL15,
            autoInitialize: true)
            .AddHocon(PostgresBreakers, HoconAddMode.Prepend);
    }

    /// <summary>
    /// The plugins' circuit breakers never open on PostgreSQL. After a brief outage (the cluster chaos test halts the
    /// server for 1–3 s) a breaker opened by the failed calls stayed open for minutes: a sweep entity restarted by every
    /// message failed its recovery at once with "Circuit Breaker is open" long after the server was back, and its sweep
    /// stopped (a known family of Akka.Persistence breaker issues). The grid's actors already back off on their own
    /// (coordinator and projector supervisors, sharding's entity restarts), so a failed call here is simply the
    /// database's own error, and the first call after the server returns succeeds. A hung call still ends at call-timeout.
    /// </summary>
    internal const string PostgresBreakers = """
        akka.persistence.journal.sql.circuit-breaker.max-failures = 1000000
        akka.persistence.journal.sql.circuit-breaker.reset-timeout = 1s
        akka.persistence.snapshot-store.sql.circuit-breaker.max-failures = 1000000
        akka.persistence.snapshot-store.sql.circuit-breaker.reset-timeout = 1s
        """;
}
