using System.Globalization;
using System.Text;
using NmfGrid.Coordinator.Reports;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// A table view as CSV (RFC 4180 quoting, invariant numbers, empty for a missing value): results rows with one column
/// per config key and per metric, as results.csv lays them out, or any list of records by their properties.
/// </summary>
public static class CsvTable
{
    public static async Task WriteRows(TextWriter csv, IReadOnlyList<string> settingKeys, IReadOnlyList<string> metrics, IEnumerable<ResultRow> rows)
    {
        var header = new List<string> { "sweep", "job", "point", "configuration", "task" };
        header.AddRange(settingKeys);
        header.AddRange(["track", "status", "attempt"]);
        header.AddRange(metrics);
        header.AddRange(["iterations", "final_loss", "backend", "blas_threads", "error", "features_s", "nmf_s", "task_s", "total_s", "host", "worker"]);
        await csv.WriteLineAsync(Line(header));
        foreach (var r in rows)
        {
            var cells = new List<string> { r.SweepId, r.JobId, Number(r.Point), r.Configuration, r.Task };
            cells.AddRange(settingKeys.Select(k => r.Settings.GetValueOrDefault(k, "")));
            cells.AddRange([r.Track, r.Status, Number(r.Attempt)]);
            cells.AddRange(metrics.Select(m => r.Metrics.TryGetValue(m, out var v) ? Number(v) : ""));
            cells.AddRange([Number(r.Iterations), Number(r.FinalLoss), r.Backend, Number(r.BlasThreads), r.Error,
                            Number(r.FeaturesSeconds), Number(r.NmfSeconds), Number(r.TaskSeconds), Number(r.TotalSeconds), r.Host, r.Worker]);
            await csv.WriteLineAsync(Line(cells));
        }
    }

    /// <summary>One row per record: a column per (header, value) pair the <paramref name="cells"/> function gives.</summary>
    public static async Task Write<T>(TextWriter csv, IEnumerable<T> records, IReadOnlyList<string> header, Func<T, IEnumerable<object?>> cells)
    {
        await csv.WriteLineAsync(Line(header));
        foreach (var record in records)
        {
            await csv.WriteLineAsync(Line(cells(record).Select(Cell)));
        }
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => Number(d),
        int i => Number(i),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Number(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Number(int x) => x.ToString(CultureInfo.InvariantCulture);

    private static string Line(IEnumerable<string> cells) => string.Join(",", cells.Select(Quote));

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}
