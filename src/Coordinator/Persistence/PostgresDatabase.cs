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
            // part of the password: neither goes on. The keys at fault are named; no value is.
            throw new GridDatabaseException($"PostgreSQL connection string is malformed: {string.Join("; ", Faults(connectionString))} " +
                                            "(expected Npgsql's Key=Value;… pairs; values not shown, as they may hold a password)");
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

    /// <summary>What Npgsql cannot read in a connection string, by key: an unknown keyword, or a value it refuses (never the value).</summary>
    private static IEnumerable<string> Faults(string connectionString)
    {
        var faults = new List<string>();
        // After a password, an unreadable part may be the rest of it (a ';' in an unquoted password): it is not named.
        var afterSecret = false;
        foreach (var part in Parts(connectionString))
        {
            var equals = part.IndexOf('=');
            var key = equals > 0 ? part[..equals].Trim() : "";
            var probe = new NpgsqlConnectionStringBuilder();
            try
            {
                if (equals <= 0) throw new ArgumentException("not Key=Value");
                probe[key] = part[(equals + 1)..].Trim().Trim('"', '\'');
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                faults.Add(afterSecret ? "a part after the password"
                           : equals <= 0 ? "a part that is not Key=Value"
                           : probe.ContainsKey(key) ? $"the value of '{key}'"
                           : $"unknown keyword '{key}'");
            }
            afterSecret |= key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase);
        }
        return faults.Count > 0 ? faults : ["a part Npgsql cannot read"];
    }

    /// <summary>The Key=Value parts, split on ';' outside quotes, so no piece of a quoted value is taken for a key.</summary>
    private static IEnumerable<string> Parts(string connectionString)
    {
        var start = 0;
        char? quote = null;
        for (var i = 0; i <= connectionString.Length; i++)
        {
            var c = i < connectionString.Length ? connectionString[i] : ';';
            if (quote is { } q)
            {
                if (c == q) quote = null;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ';')
            {
                if (connectionString[start..i].Trim() is { Length: > 0 } part) yield return part;
                start = i + 1;
            }
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
