using System.Data.Common;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace NmfGrid.Coordinator.Persistence;

/// <summary>
/// The SQLite files behind the embedded grid. The journal and the snapshot store get separate files: the old
/// SQLite plugin hit "database is locked" with both in one file under load (akka.net #3538). Both run in WAL
/// mode, so readers never block the single writer, and wait up to the busy timeout for a lock
/// (Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout, which "Default Timeout" sets).
/// </summary>
public static class SqliteDatabase
{
    /// <summary>outputs/nmfgrid.db → outputs/nmfgrid.snapshots.db</summary>
    public static string SnapshotPath(string journalPath) => Sibling(journalPath, "snapshots");

    /// <summary>
    /// outputs/nmfgrid.db → outputs/nmfgrid.results.db: the results read model gets its own file too, so its
    /// writer never waits for the journal's (SQLite allows one writer per file).
    /// </summary>
    public static string ResultsPath(string journalPath) => Sibling(journalPath, "results");

    private static string Sibling(string journalPath, string role)
    {
        var directory = Path.GetDirectoryName(journalPath) ?? "";
        var name = Path.GetFileNameWithoutExtension(journalPath) + "." + role + Path.GetExtension(journalPath);
        return Path.Combine(directory, name);
    }

    public static string ConnectionString(string path, TimeSpan busyTimeout) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();

    /// <summary>
    /// Creates the file (and its folder) if needed, switches it to WAL, and checks that a write lock can be had
    /// within the busy timeout, so a locked or unwritable file fails at startup with its path in the message
    /// instead of as a persist failure later.
    /// </summary>
    public static void Prepare(string path, TimeSpan busyTimeout)
    {
        var fullPath = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            using var connection = new SqliteConnection(ConnectionString(fullPath, busyTimeout));
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "BEGIN IMMEDIATE; ROLLBACK;");
        }
        catch (SqliteException e) when (IsLocked(e))
        {
            throw Locked(fullPath, busyTimeout, e);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new GridDatabaseException($"SQLite database '{fullPath}' cannot be opened for writing: {e.Message}", e);
        }
    }

    public static bool IsLocked(SqliteException e) => e.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED

    public static GridDatabaseException Locked(string path, TimeSpan busyTimeout, Exception inner) => new(
        $"SQLite database '{Path.GetFullPath(path)}' is locked by another process or connection (waited {busyTimeout.TotalSeconds:0.#} s). " +
        "Is another nmfgrid coordinator using the same file? Stop it, or pass a different database path.", inner);

    /// <summary>
    /// linq2db options for one of the files: the plugin opens its own connections, and <c>synchronous</c> is a
    /// per-connection setting, so it is set on every connection as it opens.
    /// </summary>
    public static DataOptions DataOptions(string path, TimeSpan busyTimeout, bool syncEveryCommit)
    {
        var pragma = $"PRAGMA synchronous={(syncEveryCommit ? "FULL" : "NORMAL")};";
        return new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, ConnectionString(path, busyTimeout))
            .UseAfterConnectionOpened(
                connection => Execute(connection, pragma),
                async (connection, cancellation) =>
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = pragma;
                    await command.ExecuteNonQueryAsync(cancellation);
                });
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
