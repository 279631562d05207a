namespace NmfGrid.Coordinator.Persistence;

/// <summary>
/// The coordinator's journal and snapshot store. For SQLite, Database is the journal file's path (snapshots go
/// to a sibling file, see <see cref="SqliteDatabase"/>); for PostgreSQL it is an Npgsql connection string.
/// </summary>
public sealed record GridPersistenceOptions(GridDatabaseProvider Provider, string Database)
{
    /// <summary>Where the embedded mode keeps its event log unless told otherwise.</summary>
    public const string DefaultSqlitePath = "outputs/nmfgrid.db";

    /// <summary>How long a write waits for another SQLite writer to let go of the file before it fails.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SQLite only. False (the default) runs the journal with <c>PRAGMA synchronous=NORMAL</c>: in WAL mode a
    /// commit survives the process being killed (Ctrl-C, SIGKILL, a crash) but the last commits before an OS
    /// crash or power cut may be lost — never corrupted — so those jobs run again. True keeps SQLite's FULL
    /// (an fsync per commit: about 10 ms on this machine's disk, which capped the grid near 500 jobs/s; see
    /// docs/performance.md).
    /// </summary>
    public bool SyncEveryCommit { get; init; }

    /// <summary>The provider and where, never a PostgreSQL password (a record's own ToString would print the connection string).</summary>
    public override string ToString() =>
        Provider == GridDatabaseProvider.Postgres ? $"PostgreSQL {PostgresDatabase.Describe(Database)}" : $"SQLite {Database}";

    public static GridPersistenceOptions Sqlite(string path = DefaultSqlitePath) => new(GridDatabaseProvider.Sqlite, path);

    public static GridPersistenceOptions Postgres(string connectionString) => new(GridDatabaseProvider.Postgres, connectionString);

    /// <summary>From the command line's words: provider "sqlite" or "postgres", then a path or a connection string.</summary>
    public static GridPersistenceOptions Parse(string provider, string database) =>
        provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => Sqlite(database),
            "postgres" or "postgresql" => Postgres(database),
            _ => throw new ArgumentException(
                $"Unknown persistence provider '{provider}': expected 'sqlite' or 'postgres'.", nameof(provider)),
        };
}
