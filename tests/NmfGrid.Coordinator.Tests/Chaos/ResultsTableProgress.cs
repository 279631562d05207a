using System.Data.Common;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Persistence;
using Npgsql;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// How far a sweep is, as its results table (nmfgrid_results) shows it while the grid runs: the sweep's id, its jobs,
/// and those with a final outcome. Read-only, with plain SQL, so it works beside a live coordinator and survives a
/// change of the grid's insides. <see cref="None"/> when the table is not there yet or the database is unreachable
/// (PostgreSQL stopped by the chaos driver). For SQLite the table is in its own file next to the journal.
/// </summary>
internal sealed record ResultsTableProgress(string? SweepId, int Jobs, int Done)
{
    public static readonly ResultsTableProgress None = new(null, 0, 0);

    public bool Finished => Jobs > 0 && Done == Jobs;

    public static ResultsTableProgress Read(GridPersistenceOptions database)
    {
        try
        {
            using DbConnection connection = database.Provider == GridDatabaseProvider.Sqlite
                ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqliteDatabase.ResultsPath(database.Database), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString)
                : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.Database) { Pooling = false, Timeout = 5 }.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT MIN(sweep_id), COUNT(*), SUM(CASE WHEN status IN ('succeeded', 'failed') THEN 1 ELSE 0 END) FROM {ResultsStore.Table}";
            using var reader = command.ExecuteReader();
            reader.Read();
            return reader.IsDBNull(0) ? None : new ResultsTableProgress(reader.GetString(0), Convert.ToInt32(reader.GetValue(1)), Convert.ToInt32(reader.GetValue(2)));
        }
        catch (DbException)
        {
            return None;
        }
        catch (FileNotFoundException)
        {
            return None;
        }
    }
}
