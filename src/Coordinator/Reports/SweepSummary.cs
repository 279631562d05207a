using System.Globalization;
using System.Text;

namespace NmfGrid.Coordinator.Reports;

/// <summary>Per configuration and metric: mean ± std, median and count over the tracks that succeeded.</summary>
public sealed record MetricSummary(string Configuration, string Metric, double Mean, double Std, double Median, int Count);

/// <summary>
/// The sweep's summary.md: per task, its configurations ranked by the task's headline metric, each with the
/// mean ± std and median of every metric over its tracks (per stem for separation).
/// </summary>
public static class SweepSummary
{
    /// <summary>The metric each task is ranked by, first match wins.</summary>
    private static readonly string[] Headline = ["si_sdr.mean", "f1", "f3", "relative_error"];

    /// <summary>The headline metric among <paramref name="metrics"/>, else the first of them, else null.</summary>
    public static string? HeadlineOf(IReadOnlyCollection<string> metrics) => Headline.FirstOrDefault(metrics.Contains) ?? metrics.FirstOrDefault();

    public static IReadOnlyList<MetricSummary> Summarise(IEnumerable<ResultRow> rows) =>
        rows.Where(r => r.Status == "succeeded")
            .SelectMany(r => r.Metrics.Where(m => double.IsFinite(m.Value)).Select(m => (r.Configuration, Metric: m.Key, m.Value)))
            .GroupBy(x => (x.Configuration, x.Metric))
            .Select(g =>
            {
                var values = g.Select(x => x.Value).Order().ToArray();
                var mean = values.Average();
                var std = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0.0;
                var median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
                return new MetricSummary(g.Key.Configuration, g.Key.Metric, mean, std, median, values.Length);
            })
            .ToArray();

    public static bool LowerIsBetter(string metric) =>
        metric.Contains("loss", StringComparison.OrdinalIgnoreCase) || metric.Contains("error", StringComparison.OrdinalIgnoreCase) ||
        metric.EndsWith("_s", StringComparison.Ordinal);

    public static string ToMarkdown(ResultsTable table, string title)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {title}").AppendLine();
        var failed = table.Rows.Count(r => r.Status == "failed");
        md.AppendLine($"Sweep `{table.SweepId}`: {table.Rows.Count} jobs, {table.Rows.Count(r => r.Status == "succeeded")} succeeded, {failed} failed. " +
                      "Every row of every track is in results.csv.").AppendLine();
        foreach (var task in table.Rows.Select(r => r.Task).Distinct())
        {
            var summaries = Summarise(table.Rows.Where(r => r.Task == task));
            var metrics = summaries.Select(s => s.Metric).Distinct().Order(StringComparer.Ordinal).ToList();
            var headline = HeadlineOf(metrics);
            md.AppendLine(headline is null ? $"## {task}" : $"## {task}, ranked by {headline}").AppendLine();
            if (headline is null)
            {
                // Succeeded jobs without metrics are the no-op runner's (`nmfgrid node --runner noop`).
                md.AppendLine(table.Rows.Any(r => r.Task == task && r.Status == "succeeded")
                    ? "No job of this task reported a metric (no-op runner?)."
                    : "No job of this task succeeded.").AppendLine();
                continue;
            }
            var ranked = summaries.Where(s => s.Metric == headline);
            ranked = LowerIsBetter(headline) ? ranked.OrderBy(s => s.Mean) : ranked.OrderByDescending(s => s.Mean);
            var rank = 1;
            foreach (var configuration in ranked.Select(s => s.Configuration))
            {
                var own = summaries.Where(s => s.Configuration == configuration).ToDictionary(s => s.Metric);
                md.AppendLine($"### {rank++}. {configuration} (n = {own[headline].Count})").AppendLine();
                md.AppendLine("| metric | mean ± std | median |").AppendLine("|---|---|---|");
                foreach (var metric in metrics.Where(own.ContainsKey).OrderBy(m => m == headline ? 0 : 1).ThenBy(m => m, StringComparer.Ordinal))
                {
                    var s = own[metric];
                    md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {metric} | {s.Mean:0.####} ± {s.Std:0.####} | {s.Median:0.####} |"));
                }
                md.AppendLine();
            }
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
