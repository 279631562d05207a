using System.Globalization;
using System.Text;
using System.Text.Json;
using NmfGrid.Coordinator.Config;
using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Reports;

/// <summary>
/// A sweep's results, one row per job, read from the coordinator's ledger, and written as results.csv and
/// results.json. Columns that vary from run to run (timings, host, worker) come last, so two runs of the same
/// sweep can be compared by everything before them.
/// </summary>
public sealed class ResultsTable
{
    private ResultsTable(string sweepId, IReadOnlyList<ResultRow> rows, IReadOnlyList<string> settingKeys, IReadOnlyList<string> metricNames)
    {
        SweepId = sweepId;
        Rows = rows;
        SettingKeys = settingKeys;
        MetricNames = metricNames;
    }

    public string SweepId { get; }

    public IReadOnlyList<ResultRow> Rows { get; }

    /// <summary>The config keys whose value differs between the sweep's configurations (run.* excluded).</summary>
    public IReadOnlyList<string> SettingKeys { get; }

    public IReadOnlyList<string> MetricNames { get; }

    public static ResultsTable From(LedgerSnapshot ledger, string sweepId)
    {
        var sweep = ledger.Sweeps.FirstOrDefault(s => s.SweepId == sweepId)
                    ?? throw new KeyNotFoundException($"no sweep '{sweepId}' in this database");
        var jobs = ledger.Jobs.ToDictionary(j => j.Spec.JobId);
        var columns = Columns.Of(sweep);
        var rows = sweep.Jobs.Select(spec => columns.Row(sweep.SweepId, spec, jobs[spec.JobId]))
            .OrderBy(r => r.Point).ThenBy(r => r.Track, StringComparer.Ordinal).ToArray();
        var metrics = rows.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new ResultsTable(sweepId, rows, columns.SettingKeys, metrics);
    }

    /// <summary>
    /// What a sweep's rows are made of besides each job's outcome: the settings that vary between its
    /// configurations and each configuration's task. Computed once per sweep, then one row per job.
    /// </summary>
    public sealed class Columns
    {
        // By configuration point: its flattened config and its task.
        private readonly IReadOnlyDictionary<int, Dictionary<string, string>> _leaves;
        private readonly IReadOnlyDictionary<int, string> _tasks;
        private readonly IReadOnlyDictionary<int, string> _configs;

        private Columns(IReadOnlyDictionary<int, Dictionary<string, string>> leaves, IReadOnlyDictionary<int, string> tasks,
                        IReadOnlyDictionary<int, string> configs, IReadOnlyList<string> settingKeys)
        {
            _leaves = leaves;
            _tasks = tasks;
            _configs = configs;
            SettingKeys = settingKeys;
        }

        /// <summary>The config keys whose value differs between the sweep's configurations (run.* excluded).</summary>
        public IReadOnlyList<string> SettingKeys { get; }

        public static Columns Of(SweepDefinition sweep)
        {
            var points = sweep.WithPoints().Points!;
            var leaves = points.ToDictionary(p => p.Index, p => Flatten(p.ConfigJson));
            var tasks = points.ToDictionary(p => p.Index, p => JobConfig.FromJson(p.ConfigJson).TaskName);
            var varying = leaves.Values.SelectMany(l => l.Keys).Distinct()
                .Where(k => !k.StartsWith("run.", StringComparison.Ordinal))
                .Where(k => leaves.Values.Select(l => l.GetValueOrDefault(k, "")).Distinct().Count() > 1)
                .Order(StringComparer.Ordinal).ToArray();
            return new Columns(leaves, tasks, points.ToDictionary(p => p.Index, p => p.ConfigJson), varying);
        }

        /// <summary>The row of one job of the sweep, from its state in the ledger.</summary>
        public ResultRow Row(string sweepId, JobSpec spec, JobSnapshot entry)
        {
            var result = entry.Result;
            var settings = SettingKeys.ToDictionary(k => k, k => _leaves[spec.PointIndex].GetValueOrDefault(k, ""));
            return new ResultRow(
                sweepId, spec.JobId, spec.PointIndex, spec.PointLabel, _tasks[spec.PointIndex], settings, spec.TrackId, entry.Status.ToLowerInvariant(),
                entry.Attempt, result?.Metrics ?? new Dictionary<string, double>(), result?.Iterations ?? 0,
                result?.FinalLoss ?? double.NaN, result?.Backend ?? "", result?.BlasThreads ?? 0, entry.Error ?? "",
                result?.Timings.Features ?? 0, result?.Timings.Nmf ?? 0, result?.Timings.Task ?? 0, result?.Timings.Total ?? 0,
                entry.Host ?? "", result?.WorkerId ?? entry.WorkerId ?? "", result?.LossHistory, result?.Factors, _configs[spec.PointIndex]);
        }
    }

    private static Dictionary<string, string> Flatten(string json)
    {
        var config = JobConfig.FromJson(json);
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { config.Task, config.Algorithm, config.Dataset, config.Run })
        {
            Walk(section.Section, section.Values);
        }
        return flat;

        void Walk(string prefix, IReadOnlyDictionary<string, object?> values)
        {
            foreach (var (key, value) in values)
            {
                if (value is IReadOnlyDictionary<string, object?> nested)
                {
                    Walk($"{prefix}.{key}", nested);
                }
                else
                {
                    flat[$"{prefix}.{key}"] = value is List<object?> list ? $"[{string.Join(",", list.Select(ScalarText.Format))}]" : ScalarText.Format(value);
                }
            }
        }
    }

    public string ToCsv()
    {
        var header = new List<string> { "sweep", "job", "point", "configuration" };
        header.AddRange(SettingKeys);
        header.AddRange(["track", "status", "attempt"]);
        header.AddRange(MetricNames);
        header.AddRange(["iterations", "final_loss", "backend", "blas_threads", "error", "features_s", "nmf_s", "task_s", "total_s", "host", "worker"]);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", header.Select(Quote)));
        foreach (var r in Rows)
        {
            var cells = new List<string> { r.SweepId, r.JobId, Number(r.Point), r.Configuration };
            cells.AddRange(SettingKeys.Select(k => r.Settings[k]));
            cells.AddRange([r.Track, r.Status, Number(r.Attempt)]);
            cells.AddRange(MetricNames.Select(m => r.Metrics.TryGetValue(m, out var v) ? Number(v) : ""));
            cells.AddRange([Number(r.Iterations), r.Status == "succeeded" && !double.IsNaN(r.FinalLoss) ? Number(r.FinalLoss) : "", r.Backend, Number(r.BlasThreads), r.Error,
                            Number(r.FeaturesSeconds), Number(r.NmfSeconds), Number(r.TaskSeconds), Number(r.TotalSeconds), r.Host, r.Worker]);
            csv.AppendLine(string.Join(",", cells.Select(Quote)));
        }
        return csv.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(Rows, new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int x) => x.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}
