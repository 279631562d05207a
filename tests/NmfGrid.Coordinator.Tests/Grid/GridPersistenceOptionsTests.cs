using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Grid;

public sealed class GridPersistenceOptionsTests
{
    [Fact]
    public void Embedded_default_is_a_SQLite_file_under_outputs()
    {
        var options = GridPersistenceOptions.Sqlite();
        Assert.Equal(GridDatabaseProvider.Sqlite, options.Provider);
        Assert.Equal("outputs/nmfgrid.db", options.Database);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BusyTimeout);
    }

    [Theory]
    [InlineData("sqlite", GridDatabaseProvider.Sqlite)]
    [InlineData("SQLite", GridDatabaseProvider.Sqlite)]
    [InlineData("postgres", GridDatabaseProvider.Postgres)]
    [InlineData("postgresql", GridDatabaseProvider.Postgres)]
    public void Provider_is_parsed_from_its_name(string name, GridDatabaseProvider expected) =>
        Assert.Equal(expected, GridPersistenceOptions.Parse(name, "x").Provider);

    [Fact]
    public void Unknown_provider_is_rejected_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => GridPersistenceOptions.Parse("mysql", "x"));
        Assert.Contains("'mysql'", e.Message);
    }

    [Fact]
    public void SQLite_connection_string_carries_the_busy_timeout_in_whole_seconds()
    {
        var cs = SqliteDatabase.ConnectionString("a.db", TimeSpan.FromMilliseconds(2500));
        Assert.Contains("Default Timeout=3", cs);
        Assert.Contains(Path.GetFullPath("a.db"), cs);
    }
}
