using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Reports.Statistics;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// The results pages' questions to the results table (<see cref="ResultsStore.Table"/>), each one SQL query or a few:
/// paging, sorting, filtering and per-configuration aggregates run in the database (SQLite or PostgreSQL), so a page of
/// a sweep of 100,000 jobs reads one page of rows and one row per configuration, never the whole sweep.
/// </summary>
public sealed class ResultsReader(ResultsStore store)
{
    private const string Table = ResultsStore.Table;

    private const string RowColumns =
        "sweep_id, job_id, point, configuration, task, settings, track, status, attempt, metrics, iterations, final_loss, backend, " +
        "blas_threads, error, features_s, nmf_s, task_s, total_s, host, worker";

    // Metric names are read from this many succeeded rows per task (every row of a task reports the same metrics).
    private const int MetricSample = 20;

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly SqlDialect _dialect = SqlDialect.Of(store.Provider);

    /// <summary>The database the pages read, as error messages name it (a file's path, or PostgreSQL's host and database).</summary>
    public string Where => store.Where;

    /// <summary>Every sweep's counts by status and its succeeded jobs per host, from the index alone.</summary>
    public IReadOnlyList<SweepCounts> Sweeps() => Counts(null);

    public SweepCounts? Sweep(string sweepId) => Counts(sweepId).SingleOrDefault();

    private IReadOnlyList<SweepCounts> Counts(string? sweepId) => store.Read(connection =>
    {
        var parameters = new SqlParameters();
        var where = sweepId is null ? "" : $" WHERE sweep_id = {parameters.Add(sweepId)}";
        using var command = parameters.Command(connection, $"SELECT sweep_id, task, status, host, COUNT(*) FROM {Table}{where} GROUP BY sweep_id, task, status, host");
        using var reader = command.ExecuteReader();
        var sweeps = new Dictionary<string, SweepCounts.Builder>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var sweep = sweeps.TryGetValue(id, out var found) ? found : sweeps[id] = new SweepCounts.Builder(id);
            sweep.Add(reader.GetString(1), reader.GetString(2), reader.GetString(3), Convert.ToInt32(reader.GetValue(4)));
        }
        return sweeps.Values.Select(b => b.Build()).OrderBy(s => s.SweepId, StringComparer.Ordinal).ToArray();
    });

    /// <summary>
    /// A sweep's shape: its tasks with their metrics and headline, the config keys that vary, and one line per configuration
    /// with the mean of its task's headline metric, or of every metric with <paramref name="allMeans"/> (each mean reads
    /// that metric out of every row's JSON: 100,000 rows take ~0.1 s per metric in SQLite).
    /// </summary>
    public SweepOverview? Overview(string sweepId, bool allMeans = false)
    {
        if (Sweep(sweepId) is not { } counts)
        {
            return null;
        }
        return store.Read(connection =>
        {
            var settingKeys = SettingKeys(connection, sweepId);
            var metrics = counts.Tasks.ToDictionary(t => t, t => MetricNames(connection, sweepId, t), StringComparer.Ordinal);
            var tasks = counts.Tasks.Select(t => new TaskMetrics(t, metrics[t], SweepSummary.HeadlineOf(t, metrics[t]))).ToArray();
            var all = (allMeans ? metrics.Values.SelectMany(m => m) : tasks.Where(t => t.Headline is not null).Select(t => t.Headline!.Metric))
                .Distinct().Order(StringComparer.Ordinal).ToArray();
            var parameters = new SqlParameters();
            var means = all.Select(m => $"AVG({_dialect.Number("metrics", parameters.Add(_dialect.KeyArgument(m)))})").ToArray();
            var sweep = parameters.Add(sweepId);
            using var command = parameters.Command(connection,
                // Grouped by point alone (its label, task and settings are the same on every row): the rows come in the order
                // of the (sweep_id, point, track) index, so no sort of the whole sweep is needed.
                $"SELECT point, MIN(configuration), MIN(task), MIN(settings), COUNT(*), SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END), " +
                $"SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), AVG(CASE WHEN status = 'succeeded' THEN total_s END)" +
                string.Concat(means.Select(m => ", " + m)) +
                $" FROM {Table} WHERE sweep_id = {sweep} GROUP BY point ORDER BY point");
            using var reader = command.ExecuteReader();
            var configurations = new List<ConfigurationLine>();
            while (reader.Read())
            {
                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                for (var i = 0; i < all.Length; i++)
                {
                    if (!reader.IsDBNull(8 + i))
                    {
                        values[all[i]] = reader.GetDouble(8 + i);
                    }
                }
                configurations.Add(new ConfigurationLine(
                    reader.GetInt32(0), reader.GetString(1), reader.GetString(2), Settings(reader.GetString(3)),
                    Convert.ToInt32(reader.GetValue(4)), Convert.ToInt32(reader.GetValue(5)), Convert.ToInt32(reader.GetValue(6)),
                    reader.IsDBNull(7) ? null : reader.GetDouble(7), values));
            }
            return new SweepOverview(counts, tasks, settingKeys, configurations);
        });
    }

    /// <summary>One page of the view and how many rows the whole view has.</summary>
    public ResultsPage Page(string sweepId, ResultsQuery query) => store.Read(connection =>
    {
        var count = new SqlParameters();
        using var counting = count.Command(connection, $"SELECT COUNT(*) FROM {Table} WHERE {query.Where(sweepId, _dialect, count)}");
        var total = Convert.ToInt64(counting.ExecuteScalar());
        var rows = ReadRows(connection, sweepId, query, (long)(query.Page - 1) * query.PageSize, query.PageSize);
        return new ResultsPage(total, query.Page, query.PageSize, rows);
    });

    /// <summary>Every row of the view, read page by page (for CSV export).</summary>
    public IEnumerable<ResultRow> All(string sweepId, ResultsQuery query)
    {
        const int chunk = 5000;
        for (long offset = 0; ; offset += chunk)
        {
            var rows = store.Read(connection => ReadRows(connection, sweepId, query, offset, chunk));
            foreach (var row in rows)
            {
                yield return row;
            }
            if (rows.Count < chunk)
            {
                yield break;
            }
        }
    }

    public IReadOnlyList<ResultRow> Configuration(string sweepId, int point) =>
        store.Read(connection => ReadRows(connection, sweepId, ResultsQuery.All.With(new ResultsFilter(ResultsField.Parse("point"), "=", point.ToString(System.Globalization.CultureInfo.InvariantCulture))), 0, int.MaxValue));

    public ResultRow? Job(string sweepId, string jobId) =>
        store.Read(connection => ReadRows(connection, sweepId, ResultsQuery.All.With(new ResultsFilter(ResultsField.Parse("job_id"), "=", jobId)), 0, 1)).SingleOrDefault();

    /// <summary>
    /// Per configuration of <paramref name="task"/> (all, or those in <paramref name="points"/>), the metric's value on
    /// each track it succeeded on, finite values only: what <see cref="ConfigurationScores.From"/> makes of the rows,
    /// read as one column.
    /// </summary>
    public IReadOnlyList<ConfigurationScores> Scores(string sweepId, string task, string metric, IReadOnlyCollection<int>? points) => store.Read(connection =>
    {
        var parameters = new SqlParameters();
        var value = _dialect.Number("metrics", parameters.Add(_dialect.KeyArgument(metric)));
        var where = $"sweep_id = {parameters.Add(sweepId)} AND task = {parameters.Add(task)} AND status = 'succeeded'" +
                    (points is { Count: > 0 } ? $" AND point IN ({string.Join(", ", points.Select(p => parameters.Add(p)))})" : "");
        using var command = parameters.Command(connection, $"SELECT point, configuration, track, {value} FROM {Table} WHERE {where} ORDER BY point");
        using var reader = command.ExecuteReader();
        var scores = new List<(int Point, string Label, string Track, double Value)>();
        while (reader.Read())
        {
            if (!reader.IsDBNull(3) && reader.GetDouble(3) is var v && double.IsFinite(v))
            {
                scores.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), v));
            }
        }
        return scores.GroupBy(s => (s.Point, s.Label)).OrderBy(g => g.Key.Point)
            .Select(g => new ConfigurationScores(g.Key.Point, g.Key.Label,
                g.GroupBy(s => s.Track, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.First().Value, StringComparer.Ordinal)))
            .ToArray();
    });

    /// <summary>The loss per iteration of each job of configuration <paramref name="point"/> that reported one, in track order.</summary>
    public IReadOnlyList<LossCurve> Curves(string sweepId, int point) => store.Read(connection =>
    {
        var parameters = new SqlParameters();
        using var command = parameters.Command(connection,
            $"SELECT job_id, track, loss_history FROM {Table} WHERE sweep_id = {parameters.Add(sweepId)} AND point = {parameters.Add(point)} " +
            "AND loss_history IS NOT NULL ORDER BY point, track");
        using var reader = command.ExecuteReader();
        var curves = new List<LossCurve>();
        while (reader.Read())
        {
            curves.Add(new LossCurve(reader.GetString(0), reader.GetString(1), JsonSerializer.Deserialize<double[]>(reader.GetString(2), Json)!));
        }
        return curves.OrderBy(c => c.Track, StringComparer.Ordinal).ToArray();
    });

    /// <summary>The jobs of configuration <paramref name="point"/> that kept a preview of W and H (the first track of each dataset).</summary>
    public IReadOnlyList<JobTrack> FactorTracks(string sweepId, int point) => store.Read(connection =>
    {
        var parameters = new SqlParameters();
        using var command = parameters.Command(connection,
            $"SELECT job_id, track FROM {Table} WHERE sweep_id = {parameters.Add(sweepId)} AND point = {parameters.Add(point)} AND factors IS NOT NULL");
        using var reader = command.ExecuteReader();
        var tracks = new List<JobTrack>();
        while (reader.Read())
        {
            tracks.Add(new JobTrack(reader.GetString(0), reader.GetString(1)));
        }
        return tracks.OrderBy(t => t.Track, StringComparer.Ordinal).ToArray();
    });

    /// <summary>A job's loss per iteration (empty when it reported none) and its W and H preview (null when it kept none).</summary>
    public (IReadOnlyList<double> Loss, FactorPreview? Factors)? Trace(string sweepId, string jobId) => store.Read(connection =>
    {
        var parameters = new SqlParameters();
        using var command = parameters.Command(connection,
            $"SELECT loss_history, factors FROM {Table} WHERE sweep_id = {parameters.Add(sweepId)} AND job_id = {parameters.Add(jobId)}");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return ((IReadOnlyList<double>, FactorPreview?)?)null;
        }
        IReadOnlyList<double> loss = reader.IsDBNull(0) ? [] : JsonSerializer.Deserialize<double[]>(reader.GetString(0), Json)!;
        var factors = reader.IsDBNull(1) ? null : JsonSerializer.Deserialize<FactorPreview>(reader.GetString(1), Json);
        return (loss, factors);
    });

    /// <summary>A job's attempt history as the grid saw it, oldest first (empty in a table written before it was kept).</summary>
    public IReadOnlyList<string> Log(string sweepId, string jobId) => store.Read(connection =>
    {
        var parameters = new SqlParameters();
        using var command = parameters.Command(connection,
            $"SELECT log FROM {Table} WHERE sweep_id = {parameters.Add(sweepId)} AND job_id = {parameters.Add(jobId)}");
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<string[]>(json, Json)! : (IReadOnlyList<string>)[];
    });

    /// <summary>Configuration <paramref name="point"/>'s resolved config as JSON, or null when the table predates keeping it.</summary>
    public string? ResolvedConfig(string sweepId, int point) => store.ResolvedConfig(sweepId, point);

    /// <summary>The task of configuration <paramref name="point"/>, or null when the sweep has no such configuration.</summary>
    public string? TaskOf(string sweepId, int point) => Scalar(sweepId, point, "task");

    public string? LabelOf(string sweepId, int point) => Scalar(sweepId, point, "configuration");

    /// <summary>The metrics <paramref name="task"/>'s succeeded jobs in the sweep report.</summary>
    public IReadOnlyList<string> Metrics(string sweepId, string task) => store.Read(connection => MetricNames(connection, sweepId, task));

    private string? Scalar(string sweepId, int point, string column) => store.Read(connection =>
    {
        var parameters = new SqlParameters();
        using var command = parameters.Command(connection,
            $"SELECT {column} FROM {Table} WHERE sweep_id = {parameters.Add(sweepId)} AND point = {parameters.Add(point)} LIMIT 1");
        return command.ExecuteScalar() as string;
    });

    private IReadOnlyList<string> SettingKeys(DbConnection connection, string sweepId)
    {
        var parameters = new SqlParameters();
        using var command = parameters.Command(connection, $"SELECT settings FROM {Table} WHERE sweep_id = {parameters.Add(sweepId)} LIMIT 1");
        return command.ExecuteScalar() is string json ? Settings(json).Keys.Order(StringComparer.Ordinal).ToArray() : [];
    }

    private IReadOnlyList<string> MetricNames(DbConnection connection, string sweepId, string task)
    {
        var parameters = new SqlParameters();
        var sample = $"SELECT metrics FROM {Table} WHERE sweep_id = {parameters.Add(sweepId)} AND task = {parameters.Add(task)} AND status = 'succeeded' LIMIT {MetricSample}";
        using var command = parameters.Command(connection, _dialect.Keys("metrics", sample));
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names.Order(StringComparer.Ordinal).ToArray();
    }

    private IReadOnlyList<ResultRow> ReadRows(DbConnection connection, string sweepId, ResultsQuery query, long offset, int limit)
    {
        var parameters = new SqlParameters();
        var where = query.Where(sweepId, _dialect, parameters);
        var order = query.OrderBy(_dialect, parameters);
        var page = limit == int.MaxValue ? "" : $" LIMIT {limit} OFFSET {offset}";
        using var command = parameters.Command(connection, $"SELECT {RowColumns} FROM {Table} WHERE {where} ORDER BY {order}{page}");
        using var reader = command.ExecuteReader();
        var rows = new List<ResultRow>();
        while (reader.Read())
        {
            rows.Add(new ResultRow(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                Settings(reader.GetString(5)), reader.GetString(6), reader.GetString(7), reader.GetInt32(8),
                JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(9), Json)!, reader.GetInt32(10),
                reader.IsDBNull(11) ? double.NaN : reader.GetDouble(11), reader.GetString(12), reader.GetInt32(13), reader.GetString(14),
                reader.GetDouble(15), reader.GetDouble(16), reader.GetDouble(17), reader.GetDouble(18), reader.GetString(19), reader.GetString(20)));
        }
        return rows;
    }

    private static Dictionary<string, string> Settings(string json) => JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json)!;
}
