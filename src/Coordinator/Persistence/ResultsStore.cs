using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Messages;
using Npgsql;

namespace NmfGrid.Coordinator.Persistence;

/// <summary>
/// The results read model's table, <c>nmfgrid_results</c>: one row per (sweep, job) with its configuration
/// values, track, status, metrics, timings, attempt, host and error, for anyone to query with SQL. It is a
/// projection of the coordinator's events (<see cref="ResultsProjection"/>), so it can be dropped and rebuilt
/// from the log at any time. For SQLite it lives in its own file next to the journal
/// (<see cref="SqliteDatabase.ResultsPath"/>); for PostgreSQL, in the journal's database. Beside it,
/// <c>nmfgrid_points</c> keeps each configuration's resolved config (one row per sweep and point).
/// </summary>
public sealed class ResultsStore
{
    public const string Table = "nmfgrid_results";

    /// <summary>Each configuration of a sweep: its label and its resolved config as JSON.</summary>
    public const string PointsTable = "nmfgrid_points";

    // Columns added after the table's first release: an older table gains them when opened (both may be NULL).
    private static readonly (string Name, string Type)[] AddedColumns = [("loss_history", "TEXT"), ("factors", "TEXT"), ("log", "TEXT")];

    private static readonly string[] Columns =
    [
        "sweep_id", "job_id", "point", "configuration", "task", "settings", "track", "status", "attempt", "metrics", "iterations",
        "final_loss", "backend", "blas_threads", "error", "features_s", "nmf_s", "task_s", "total_s", "host", "worker", "loss_history", "factors", "log",
    ];

    // What Rows reads: all but the job's log, which only the job page asks for.
    private static readonly string[] RowColumns = Columns[..^1];

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly Func<DbConnection> _connect;
    private readonly TimeSpan _busyTimeout;
    // The configurations whose resolved config this store has written (each row carries its configuration's; it is written once).
    private readonly ConcurrentDictionary<(string SweepId, int Point), string> _pointsWritten = new();

    private ResultsStore(GridDatabaseProvider provider, string where, Func<DbConnection> connect, TimeSpan busyTimeout)
    {
        Provider = provider;
        Where = where;
        _connect = connect;
        _busyTimeout = busyTimeout;
    }

    public GridDatabaseProvider Provider { get; }

    /// <summary>The SQLite file's full path, or the PostgreSQL host and database (never the password).</summary>
    public string Where { get; }

    /// <summary>Opens the read model next to the event log that <paramref name="options"/> names, creating its table if needed.</summary>
    public static ResultsStore Open(GridPersistenceOptions options)
    {
        ResultsStore store;
        if (options.Provider == GridDatabaseProvider.Sqlite)
        {
            var path = Path.GetFullPath(SqliteDatabase.ResultsPath(options.Database));
            SqliteDatabase.Prepare(path, options.BusyTimeout); // a locked or unwritable file fails here, named
            var connection = SqliteDatabase.ConnectionString(path, options.BusyTimeout);
            store = new ResultsStore(GridDatabaseProvider.Sqlite, path, () => new SqliteConnection(connection), options.BusyTimeout);
        }
        else
        {
            store = new ResultsStore(GridDatabaseProvider.Postgres, $"PostgreSQL {PostgresDatabase.Describe(options.Database)}",
                                     () => new NpgsqlConnection(options.Database), options.BusyTimeout);
        }
        store.Run(connection => Execute(connection, null, $"""
            CREATE TABLE IF NOT EXISTS {Table} (
                sweep_id TEXT NOT NULL, job_id TEXT NOT NULL, point INTEGER NOT NULL, configuration TEXT NOT NULL,
                task TEXT NOT NULL, settings TEXT NOT NULL, track TEXT NOT NULL, status TEXT NOT NULL,
                attempt INTEGER NOT NULL, metrics TEXT NOT NULL, iterations INTEGER NOT NULL, final_loss DOUBLE PRECISION,
                backend TEXT NOT NULL, blas_threads INTEGER NOT NULL, error TEXT NOT NULL, features_s DOUBLE PRECISION NOT NULL,
                nmf_s DOUBLE PRECISION NOT NULL, task_s DOUBLE PRECISION NOT NULL, total_s DOUBLE PRECISION NOT NULL,
                host TEXT NOT NULL, worker TEXT NOT NULL,
                PRIMARY KEY (sweep_id, job_id))
            """));
        store.Run(connection => Upgrade(connection, store.Provider));
        store.Run(connection => Execute(connection, null, $"""
            CREATE TABLE IF NOT EXISTS {PointsTable} (
                sweep_id TEXT NOT NULL, point INTEGER NOT NULL, label TEXT NOT NULL, config_json TEXT NOT NULL,
                PRIMARY KEY (sweep_id, point))
            """));
        // What the results pages ask (src/Coordinator/Web): each sweep's counts by task, status and host (covered by the
        // index alone), and one sweep's rows in its default order, page by page.
        store.Run(connection => Execute(connection, null, $"""
            CREATE INDEX IF NOT EXISTS {Table}_progress ON {Table} (sweep_id, task, status, host);
            CREATE INDEX IF NOT EXISTS {Table}_order ON {Table} (sweep_id, point, track);
            CREATE INDEX IF NOT EXISTS {Table}_job ON {Table} (job_id, status)
            """));
        return store;
    }

    /// <summary>Inserts or replaces these rows (keyed by sweep and job), all in one transaction.</summary>
    public void Upsert(IReadOnlyCollection<ResultRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var sql = $"INSERT INTO {Table} ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))}) " +
                  $"ON CONFLICT (sweep_id, job_id) DO UPDATE SET {string.Join(", ", Columns.Skip(2).Select(c => $"{c} = excluded.{c}"))}";
        Run(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var row in rows)
            {
                command.Parameters.Clear();
                object?[] values =
                [
                    row.SweepId, row.JobId, row.Point, row.Configuration, row.Task, JsonSerializer.Serialize(row.Settings, Json), row.Track,
                    row.Status, row.Attempt, JsonSerializer.Serialize(row.Metrics, Json), row.Iterations,
                    double.IsNaN(row.FinalLoss) ? null : row.FinalLoss, // SQLite stores NaN as NULL anyway: both databases say NULL
                    row.Backend, row.BlasThreads, row.Error, row.FeaturesSeconds, row.NmfSeconds, row.TaskSeconds, row.TotalSeconds,
                    row.Host, row.Worker,
                    row.LossHistory is { Count: > 0 } loss ? JsonSerializer.Serialize(loss, Json) : null,
                    row.Factors is { } factors ? JsonSerializer.Serialize(factors, Json) : null,
                    row.Log is { Count: > 0 } log ? JsonSerializer.Serialize(log, Json) : null,
                ];
                for (var i = 0; i < Columns.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@" + Columns[i];
                    parameter.Value = values[i] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }
                command.ExecuteNonQuery();
            }
            var points = rows.Where(r => r.ResolvedConfig is not null)
                .DistinctBy(r => (r.SweepId, r.Point))
                .Where(r => !(_pointsWritten.TryGetValue((r.SweepId, r.Point), out var written) && written == r.ResolvedConfig))
                .ToArray();
            WritePoints(connection, transaction, points);
            transaction.Commit();
            foreach (var row in points)
            {
                _pointsWritten[(row.SweepId, row.Point)] = row.ResolvedConfig!;
            }
        });
    }

    /// <summary>
    /// For each of these job ids that some sweep finished, that sweep (the first by id): where a newly submitted sweep
    /// finds results to reuse (CoordinatorSettings.FinishedJobs). Ids nobody finished are left out.
    /// </summary>
    public IReadOnlyDictionary<string, string> SucceededIn(IReadOnlyCollection<string> jobIds)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in jobIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            Run(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT job_id, MIN(sweep_id) FROM {Table} WHERE status = 'succeeded' AND job_id IN " +
                                      $"({string.Join(", ", chunk.Select((_, i) => "@j" + i))}) GROUP BY job_id";
                for (var i = 0; i < chunk.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@j" + i;
                    parameter.Value = chunk[i];
                    command.Parameters.Add(parameter);
                }
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    found[reader.GetString(0)] = reader.GetString(1);
                }
            });
        }
        return found;
    }

    private static void WritePoints(DbConnection connection, DbTransaction transaction, IReadOnlyList<ResultRow> points)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {PointsTable} (sweep_id, point, label, config_json) VALUES (@sweep, @point, @label, @config) " +
                              "ON CONFLICT (sweep_id, point) DO UPDATE SET label = excluded.label, config_json = excluded.config_json";
        foreach (var row in points)
        {
            command.Parameters.Clear();
            foreach (var (name, value) in new (string, object)[] { ("@sweep", row.SweepId), ("@point", row.Point), ("@label", row.Configuration), ("@config", row.ResolvedConfig!) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Configuration <paramref name="point"/>'s resolved config as JSON, or null when none was recorded (a table written before it was kept).</summary>
    public string? ResolvedConfig(string sweepId, int point) => Run(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT config_json FROM {PointsTable} WHERE sweep_id = @sweep AND point = @point";
        foreach (var (name, value) in new (string, object)[] { ("@sweep", sweepId), ("@point", point) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command.ExecuteScalar() as string;
    });

    /// <summary>
    /// Adds the columns a table from an older release lacks (<see cref="AddedColumns"/>). Two processes opening the same
    /// old table may both try: a column the other one added meanwhile is not an error.
    /// </summary>
    private static void Upgrade(DbConnection connection, GridDatabaseProvider provider)
    {
        var present = ColumnsOf(connection, provider);
        foreach (var (name, type) in AddedColumns.Where(c => !present.Contains(c.Name)))
        {
            try
            {
                Execute(connection, null, provider == GridDatabaseProvider.Postgres
                    ? $"ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS {name} {type}"
                    : $"ALTER TABLE {Table} ADD COLUMN {name} {type}");
            }
            catch (DbException) when (ColumnsOf(connection, provider).Contains(name))
            {
                // added by another process between our look and our ALTER
            }
        }
    }

    private static HashSet<string> ColumnsOf(DbConnection connection, GridDatabaseProvider provider)
    {
        using var command = connection.CreateCommand();
        command.CommandText = provider == GridDatabaseProvider.Postgres
            ? $"SELECT column_name FROM information_schema.columns WHERE table_name = '{Table}' AND table_schema = current_schema()"
            : $"SELECT name FROM pragma_table_info('{Table}')";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>Every row, or one sweep's, ordered by sweep, configuration and track.</summary>
    public IReadOnlyList<ResultRow> Rows(string? sweepId = null) => Run(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", RowColumns)} FROM {Table}" + (sweepId is null ? "" : " WHERE sweep_id = @sweep") +
                              " ORDER BY sweep_id, point, track";
        if (sweepId is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@sweep";
            parameter.Value = sweepId;
            command.Parameters.Add(parameter);
        }
        using var reader = command.ExecuteReader();
        var rows = new List<ResultRow>();
        while (reader.Read())
        {
            rows.Add(new ResultRow(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5), Json)!, reader.GetString(6), reader.GetString(7),
                reader.GetInt32(8), JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(9), Json)!, reader.GetInt32(10),
                reader.IsDBNull(11) ? double.NaN : reader.GetDouble(11), reader.GetString(12), reader.GetInt32(13), reader.GetString(14),
                reader.GetDouble(15), reader.GetDouble(16), reader.GetDouble(17), reader.GetDouble(18), reader.GetString(19), reader.GetString(20),
                reader.IsDBNull(21) ? null : JsonSerializer.Deserialize<double[]>(reader.GetString(21), Json),
                reader.IsDBNull(22) ? null : JsonSerializer.Deserialize<FactorPreview>(reader.GetString(22), Json)));
        }
        // Ordinal order for track, whatever the database's collation.
        return rows.OrderBy(r => r.SweepId, StringComparer.Ordinal).ThenBy(r => r.Point).ThenBy(r => r.Track, StringComparer.Ordinal).ToArray();
    });

    /// <summary>
    /// Runs a reader's own query on one connection (the results pages' SQL); a locked file or an unreachable server
    /// becomes a <see cref="GridDatabaseException"/> naming it, as for the store's own queries.
    /// </summary>
    public T Read<T>(Func<DbConnection, T> query) => Run(query);

    /// <summary>Empties the table (before a rebuild from the event log).</summary>
    public void Clear()
    {
        Run(connection => Execute(connection, null, $"DELETE FROM {Table}; DELETE FROM {PointsTable}"));
        _pointsWritten.Clear();
    }

    private void Run(Action<DbConnection> action) => Run<object?>(connection =>
    {
        action(connection);
        return null;
    });

    /// <summary>Opens a connection for one unit of work; a lock held too long becomes an error naming the file.</summary>
    private T Run<T>(Func<DbConnection, T> work)
    {
        try
        {
            using var connection = _connect();
            connection.Open();
            return work(connection);
        }
        catch (SqliteException e) when (SqliteDatabase.IsLocked(e))
        {
            throw SqliteDatabase.Locked(Where, _busyTimeout, e);
        }
        catch (SqliteException e)
        {
            throw new GridDatabaseException($"SQLite results database '{Where}' cannot be used: {e.Message}", e);
        }
        catch (NpgsqlException e)
        {
            throw new GridDatabaseException($"Results table at {Where} cannot be used: {e.Message}", e);
        }
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
