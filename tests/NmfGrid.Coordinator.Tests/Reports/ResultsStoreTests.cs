using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Tests.Grid;

namespace NmfGrid.Coordinator.Tests.Reports;

public sealed class ResultsStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nmfgrid-results-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private GridPersistenceOptions Options => GridPersistenceOptions.Sqlite(Path.Combine(_folder, "nmfgrid.db"));

    private static IReadOnlyList<ResultRow> Rows(params (int Point, int Track)[] failed) =>
        ResultsTable.From(ReportSamples.Ledger(2, 3, failed), "sweep-r").Rows;

    [Fact]
    public void The_results_table_lives_in_its_own_file_beside_the_journal()
    {
        var store = ResultsStore.Open(Options);
        Assert.Equal(Path.Combine(_folder, "nmfgrid.results.db"), store.Where);
        Assert.True(File.Exists(store.Where));
    }

    [Fact]
    public void Rows_read_back_as_written_failed_ones_and_NaN_included()
    {
        var store = ResultsStore.Open(Options);
        var rows = Rows((1, 2));
        store.Upsert(rows);
        var back = store.Rows("sweep-r");
        Assert.Equal(ResultsProjectionTests.Json(rows), ResultsProjectionTests.Json(back));
        Assert.True(double.IsNaN(back.Single(r => r.Status == "failed").FinalLoss));
        Assert.Empty(store.Rows("another-sweep"));
    }

    [Fact]
    public void Writing_a_job_again_replaces_its_row()
    {
        var store = ResultsStore.Open(Options);
        store.Upsert(Rows((0, 0)));
        store.Upsert(Rows());
        var back = store.Rows();
        Assert.Equal(6, back.Count);
        Assert.All(back, r => Assert.Equal("succeeded", r.Status));
    }

    [Fact]
    public void A_locked_results_file_is_named_in_the_error()
    {
        var store = ResultsStore.Open(Options with { BusyTimeout = TimeSpan.FromSeconds(1) });
        using var holder = new SqliteConnection($"Data Source={store.Where}");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
        }
        var e = Assert.Throws<GridDatabaseException>(() => store.Upsert(Rows()));
        Assert.Contains($"'{store.Where}' is locked", e.Message);
        var atOpen = Assert.Throws<GridDatabaseException>(() => ResultsStore.Open(Options with { BusyTimeout = TimeSpan.FromSeconds(1) }));
        Assert.Contains($"'{store.Where}' is locked", atOpen.Message);
    }

    [PostgresFact]
    public void PostgreSQL_keeps_the_same_rows()
    {
        // In a schema of its own: clearing the shared test database's table would empty it under the other PostgreSQL tests.
        InOwnSchema(connection =>
        {
            var store = ResultsStore.Open(GridPersistenceOptions.Postgres(connection));
            var rows = Rows((1, 2));
            store.Upsert(rows);
            store.Upsert(rows);
            Assert.Equal(ResultsProjectionTests.Json(rows), ResultsProjectionTests.Json(store.Rows("sweep-r")));
            store.Clear();
            Assert.Empty(store.Rows());
        });
    }

    // The table as the first release of the results explorer created it: no loss_history, no factors, no nmfgrid_points.
    private const string FirstReleaseTable = """
        CREATE TABLE nmfgrid_results (
            sweep_id TEXT NOT NULL, job_id TEXT NOT NULL, point INTEGER NOT NULL, configuration TEXT NOT NULL,
            task TEXT NOT NULL, settings TEXT NOT NULL, track TEXT NOT NULL, status TEXT NOT NULL,
            attempt INTEGER NOT NULL, metrics TEXT NOT NULL, iterations INTEGER NOT NULL, final_loss DOUBLE PRECISION,
            backend TEXT NOT NULL, blas_threads INTEGER NOT NULL, error TEXT NOT NULL, features_s DOUBLE PRECISION NOT NULL,
            nmf_s DOUBLE PRECISION NOT NULL, task_s DOUBLE PRECISION NOT NULL, total_s DOUBLE PRECISION NOT NULL,
            host TEXT NOT NULL, worker TEXT NOT NULL,
            PRIMARY KEY (sweep_id, job_id));
        INSERT INTO nmfgrid_results VALUES ('sweep-old', 'job-old', 0, 'algorithm.rank=4', 'reconstruction', '{}', 'track-0', 'succeeded',
            1, '{"snr_db":3.5}', 20, 1.25, 'managed', 1, '', 0.1, 0.2, 0.05, 0.35, 'host-a', 'host-a/worker-0');
        """;

    [Fact]
    public void Loss_curves_factors_and_resolved_configs_read_back_as_written()
    {
        var store = ResultsStore.Open(Options);
        var rows = Rows();
        store.Upsert(rows);
        var back = store.Rows("sweep-r").ToDictionary(r => r.JobId);
        foreach (var row in rows)
        {
            Assert.Equal(row.LossHistory!, back[row.JobId].LossHistory!);
            Assert.Equal(row.Factors is null, back[row.JobId].Factors is null);
        }
        var factors = rows.Single(r => r.Factors is not null && r.Point == 1).Factors!;
        var read = back[rows.Single(r => r.Factors is not null && r.Point == 1).JobId].Factors!;
        Assert.Equal((factors.Rows, factors.Rank, factors.Columns), (read.Rows, read.Rank, read.Columns));
        Assert.Equal(factors.W, read.W);
        Assert.Equal(factors.H, read.H);
        Assert.Equal(ReportSamples.Job(1, 0, rank: 4).ConfigJson, store.ResolvedConfig("sweep-r", 1));
        Assert.Null(store.ResolvedConfig("sweep-r", 7));
        store.Clear();
        Assert.Null(store.ResolvedConfig("sweep-r", 1));
        store.Upsert(rows); // written again after a clear (a rebuild), not skipped as already written
        Assert.Equal(ReportSamples.Job(1, 0, rank: 4).ConfigJson, store.ResolvedConfig("sweep-r", 1));
    }

    [Fact]
    public void A_SQLite_results_file_from_the_first_release_opens_and_gains_the_new_columns()
    {
        var path = SqliteDatabase.ResultsPath(Path.Combine(_folder, "nmfgrid.db"));
        using (var old = new SqliteConnection($"Data Source={path}"))
        {
            old.Open();
            Run(old, FirstReleaseTable);
        }
        SqliteConnection.ClearAllPools();
        CheckUpgraded(() => ResultsStore.Open(Options));
    }

    [PostgresFact]
    public void A_PostgreSQL_results_table_from_the_first_release_gains_the_new_columns()
    {
        // In a schema of its own, so the shared test database's table is left alone.
        InOwnSchema(connection =>
        {
            using (var old = new NpgsqlConnection(connection))
            {
                old.Open();
                Run(old, FirstReleaseTable);
            }
            CheckUpgraded(() => ResultsStore.Open(GridPersistenceOptions.Postgres(connection)));
        });
    }

    /// <summary>Runs <paramref name="test"/> with a connection string whose tables live in a new, empty schema, dropped after.</summary>
    private static void InOwnSchema(Action<string> test)
    {
        var schema = "results_" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = new NpgsqlConnection(PostgresFactAttribute.ConnectionString))
        {
            admin.Open();
            Run(admin, $"CREATE SCHEMA {schema}");
        }
        try
        {
            test(new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { SearchPath = schema }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            admin.Open();
            Run(admin, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static void CheckUpgraded(Func<ResultsStore> open)
    {
        var store = open();
        var old = store.Rows("sweep-old").Single();
        Assert.Equal((3.5, 1.25), (old.Metrics["snr_db"], old.FinalLoss));
        Assert.Null(old.LossHistory);
        Assert.Null(old.Factors);
        Assert.Null(store.ResolvedConfig("sweep-old", 0));
        var rows = Rows();
        store.Upsert(rows);
        Assert.Equal(rows[0].LossHistory!, store.Rows("sweep-r")[0].LossHistory!);
        Assert.NotNull(store.ResolvedConfig("sweep-r", 0));
        open(); // opening an upgraded table again changes nothing
        Assert.Equal(7, store.Rows().Count);
    }

    private static void Run(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
