using Npgsql;

namespace NmfGrid.Coordinator.Persistence;

/// <summary>The PostgreSQL database behind a cluster's coordinator.</summary>
public static class PostgresDatabase
{
    /// <summary>
    /// Opens one connection and runs SELECT 1, so an unreachable server or bad credentials fail at startup with
    /// the host and database named (the password never appears in the message).
    /// </summary>
    public static void Check(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new GridDatabaseException($"PostgreSQL connection string is malformed: {e.Message}", e);
        }

        var where = Describe(builder);
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new GridDatabaseException($"PostgreSQL at {where} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Host, port and database of a connection string, never its password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            return Describe(new NpgsqlConnectionStringBuilder(connectionString));
        }
        catch (ArgumentException)
        {
            return "a malformed connection string";
        }
    }

    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"host '{builder.Host}', port {builder.Port}, database '{builder.Database}'";
}
