namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>
/// A fact that needs a PostgreSQL server: it runs only when NMFGRID_TEST_POSTGRES holds an Npgsql connection
/// string (CI starts PostgreSQL for the cluster tests), and is reported as skipped otherwise.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "NMFGRID_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            Skip = $"{Variable} is not set (an Npgsql connection string to a disposable database).";
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
