using System.Globalization;
using System.Text;

namespace NmfGrid.Coordinator.Reports;

/// <summary>Per configuration and metric: mean ± std, median and count over the tracks that succeeded.</summary>
public sealed record MetricSummary(string Configuration, string Metric, double Mean, double Std, double Median, int Count);

/// <summary>
/// The sweep's summary.md: one table per metric, configurations ranked by their mean (best first; higher is
/// better except for losses, errors and times).
/// </summary>
public static class SweepSummary
{
    public static IReadOnlyList<MetricSummary> Summarise(ResultsTable table) =>
        table.MetricNames.SelectMany(metric => table.Rows
            .Where(r => r.Status == "succeeded" && r.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v))
            .GroupBy(r => r.Configuration)
            .Select(g =>
            {
                var values = g.Select(r => r.Metrics[metric]).Order().ToArray();
                var mean = values.Average();
                var std = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0.0;
                var median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
                return new MetricSummary(g.Key, metric, mean, std, median, values.Length);
            }))
        .ToArray();

    public static bool LowerIsBetter(string metric) =>
        metric.Contains("loss", StringComparison.OrdinalIgnoreCase) || metric.Contains("error", StringComparison.OrdinalIgnoreCase) ||
        metric.EndsWith("_s", StringComparison.Ordinal);

    public static string ToMarkdown(ResultsTable table, string title)
    {
        var summaries = Summarise(table);
        var md = new StringBuilder();
        md.AppendLine($"# {title}").AppendLine();
        var failed = table.Rows.Count(r => r.Status == "failed");
        md.AppendLine($"Sweep `{table.SweepId}`: {table.Rows.Count} jobs, {table.Rows.Count(r => r.Status == "succeeded")} succeeded, {failed} failed.").AppendLine();
        foreach (var metric in table.MetricNames)
        {
            var rows = summaries.Where(s => s.Metric == metric);
            rows = LowerIsBetter(metric) ? rows.OrderBy(s => s.Mean) : rows.OrderByDescending(s => s.Mean);
            md.AppendLine($"## {metric}").AppendLine();
            md.AppendLine("| rank | configuration | mean ± std | median | n |").AppendLine("|---|---|---|---|---|");
            var rank = 1;
            foreach (var s in rows)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {rank++} | {s.Configuration} | {s.Mean:0.####} ± {s.Std:0.####} | {s.Median:0.####} | {s.Count} |"));
            }
            md.AppendLine();
        }
        if (failed > 0)
        {
            md.AppendLine("## Failed jobs").AppendLine();
            foreach (var r in table.Rows.Where(r => r.Status == "failed"))
            {
                md.AppendLine($"- {r.Configuration} / {r.Track}: {r.Error}");
            }
        }
        return md.ToString();
    }
}
