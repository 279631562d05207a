using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>The journal's connections get the durability setting on open (SQLite keeps it per connection, not in the file).</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nmfgrid-durability-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(false, 1)] // NORMAL: no fsync per commit in WAL mode
    [InlineData(true, 2)] // FULL
    public void Every_connection_the_plugin_opens_runs_with_the_chosen_synchronous_level(bool syncEveryCommit, long expected)
    {
        var path = Path.Combine(_directory, "journal.db");
        SqliteDatabase.Prepare(path, TimeSpan.FromSeconds(5));
        using var connection = new DataConnection(SqliteDatabase.DataOptions(path, TimeSpan.FromSeconds(5), syncEveryCommit));
        Assert.Equal(expected, connection.Execute<long>("PRAGMA synchronous;"));
    }

    [Fact]
    public void The_default_persistence_options_do_not_sync_every_commit() =>
        Assert.False(GridPersistenceOptions.Sqlite().SyncEveryCommit);
}
