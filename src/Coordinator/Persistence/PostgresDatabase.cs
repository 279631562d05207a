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
        catch (ArgumentException)
        {
            // Npgsql's message (and its inner exceptions, which the host logs) quote the text it could not read, which may be
            // part of the password: neither goes on.
            throw new GridDatabaseException("PostgreSQL connection string is malformed (expected Npgsql's Key=Value;… pairs; " +
                                            "not shown, as it may hold a password)");
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

    /// <summary>
    /// A connection string given on the command line must not hold a password: every user of the machine reads command
    /// lines (`ps`). Throws naming <paramref name="option"/> and the ways that keep it private; the string is not shown.
    /// </summary>
    public static void RefusePasswordOnCommandLine(string connectionString, string option, string? variable = null)
    {
        bool holdsPassword;
        try
        {
            holdsPassword = !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(connectionString).Password);
        }
        catch (ArgumentException)
        {
            holdsPassword = connectionString.Contains("password", StringComparison.OrdinalIgnoreCase) ||
                            connectionString.Contains("pwd", StringComparison.OrdinalIgnoreCase);
        }
        if (holdsPassword)
        {
            throw new GridDatabaseException(
                $"{option}: the connection string holds a password, which any user of this machine can read on the command line (ps); " +
                (variable is null ? "" : $"give the connection string in {variable} instead, or ") +
                "leave the password out of it and set PGPASSWORD (environment) or add Passfile=FILE (a .pgpass file)");
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
