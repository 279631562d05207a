using Microsoft.Data.Sqlite;
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
        var store = ResultsStore.Open(GridPersistenceOptions.Postgres(PostgresFactAttribute.ConnectionString!));
        store.Clear();
        var rows = Rows((1, 2));
        store.Upsert(rows);
        store.Upsert(rows);
        Assert.Equal(ResultsProjectionTests.Json(rows), ResultsProjectionTests.Json(store.Rows("sweep-r")));
        store.Clear();
    }
}
