using System.Globalization;
using System.Text;
using NmfGrid.Coordinator.Reports.Statistics;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Reports;

/// <summary>Per configuration and metric: mean ± std, median and count over the tracks that succeeded.</summary>
public sealed record MetricSummary(string Configuration, string Metric, double Mean, double Std, double Median, int Count);

/// <summary>
/// The sweep's summary.md: per task, its configurations ranked by the headline metric the task declares, each with the
/// mean ± std and median of every metric over its tracks (per stem for separation); then, on the headline metric,
/// every configuration against a baseline (paired over tracks) and the Friedman ranking (<see cref="MetricComparison"/>).
/// </summary>
public static class SweepSummary
{
    /// <summary>
    /// What <paramref name="task"/>'s rows are ranked by: the headline the task declares (<see cref="IMirTask.Headline"/>)
    /// when its rows report it. Rows of a task this build does not know (a sweep stored by another build), or without
    /// the declared metric, fall back to the first of <paramref name="metrics"/>, higher taken as better (summary.md says
    /// so under the task's heading). Null when there is no metric at all.
    /// </summary>
    public static Headline? HeadlineOf(string task, IReadOnlyCollection<string> metrics)
    {
        if (metrics.Count == 0)
            return null;
        return Declared(task) is { } declared && metrics.Contains(declared.Metric)
            ? declared
            : new Headline(metrics.First(), MetricDirection.HigherIsBetter);
    }

    /// <summary>The headline <paramref name="task"/> declares, or null when this build has no task of that name.</summary>
    public static Headline? Declared(string task) =>
        TaskRegistry.Names.Contains(task, StringComparer.OrdinalIgnoreCase) ? TaskRegistry.Get(task).Headline : null;

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

    /// <param name="report">The `report:` section (its baseline); none: each task's best configuration by mean is the baseline.</param>
    public static string ToMarkdown(ResultsTable table, string title, ReportSettings? report = null)
    {
        var configurations = table.Rows.Select(r => (r.Point, r.Configuration)).Distinct().ToArray();
        var baseline = (report ?? ReportSettings.None).BaselinePoint(configurations);
        var md = new StringBuilder();
        md.AppendLine($"# {title}").AppendLine();
        var failed = table.Rows.Count(r => r.Status == "failed");
        md.AppendLine($"Sweep `{table.SweepId}`: {Plural.Count(table.Rows.Count, "job")}, {table.Rows.Count(r => r.Status == "succeeded")} succeeded, {failed} failed. " +
                      "Every row of every track is in results.csv.").AppendLine();
        foreach (var task in table.Rows.Select(r => r.Task).Distinct())
        {
            var summaries = Summarise(table.Rows.Where(r => r.Task == task));
            var metrics = summaries.Select(s => s.Metric).Distinct().Order(StringComparer.Ordinal).ToList();
            var headline = HeadlineOf(task, metrics);
            md.AppendLine(headline is null ? $"## {task}" : $"## {task}, ranked by {headline.Metric}").AppendLine();
            if (headline is not null && headline != Declared(task))
            {
                md.AppendLine(Declared(task) is { } declared
                    ? $"No job reported the task's headline {declared.Metric}: ranked by {headline.Metric}, higher taken as better."
                    : $"This build has no task '{task}' to declare a headline: ranked by {headline.Metric}, higher taken as better.").AppendLine();
            }
            if (headline is null)
            {
                // Succeeded jobs without metrics are the no-op runner's (`nmfgrid node --runner noop`).
                md.AppendLine(table.Rows.Any(r => r.Task == task && r.Status == "succeeded")
                    ? "No job of this task reported a metric (no-op runner?)."
                    : "No job of this task succeeded.").AppendLine();
                continue;
            }
            var ranked = summaries.Where(s => s.Metric == headline.Metric);
            ranked = headline.LowerIsBetter ? ranked.OrderBy(s => s.Mean) : ranked.OrderByDescending(s => s.Mean);
            var rank = 1;
            foreach (var configuration in ranked.Select(s => s.Configuration))
            {
                var own = summaries.Where(s => s.Configuration == configuration).ToDictionary(s => s.Metric);
                md.AppendLine($"### {rank++}. {configuration} (n = {own[headline.Metric].Count})").AppendLine();
                md.AppendLine("| metric | mean ± std | median |").AppendLine("|---|---|---|");
                foreach (var metric in metrics.Where(own.ContainsKey).OrderBy(m => m == headline.Metric ? 0 : 1).ThenBy(m => m, StringComparer.Ordinal))
                {
                    var s = own[metric];
                    md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {metric} | {s.Mean:0.####} ± {s.Std:0.####} | {s.Median:0.####} |"));
                }
                md.AppendLine();
            }
            if (MetricComparison.Of(ConfigurationScores.From(table.Rows.Where(r => r.Task == task), headline.Metric), headline.Metric, headline.LowerIsBetter, baseline)
                is { } comparison)
            {
                AppendComparison(md, task, comparison, baseline);
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

    private static void AppendComparison(StringBuilder md, string task, MetricComparison c, int? named)
    {
        var direction = c.LowerIsBetter ? "lower is better" : "higher is better";
        md.AppendLine($"### Comparisons on {c.Metric} ({direction})").AppendLine();
        var why = c.BaselineNamed ? "named by report.baseline"
            : named is null ? "the best by mean; name another with report.baseline"
            : "the best by mean: the configuration report.baseline names has no value here";
        md.AppendLine($"Baseline: **{c.Baseline.Label}** ({why}). Each other configuration against it over the tracks both succeeded on: " +
                      $"the mean of the per-track differences (configuration − baseline) with a bootstrap 95 % interval " +
                      $"({Bootstrap.Resamples} resamples, seed {Bootstrap.Seed}), the two-sided Wilcoxon signed-rank p-value (as scipy.stats.wilcoxon " +
                      $"computes it by default) and that p-value Holm-adjusted over the {Plural.Count(c.Paired.Count, "comparison")}, and the tracks where the " +
                      "configuration is better / equal / worse.").AppendLine();
        md.AppendLine("| configuration | tracks | mean difference | 95 % interval | Wilcoxon p | Holm p | better / equal / worse |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        for (var i = 0; i < c.Paired.Count; i++)
        {
            var p = c.Paired[i];
            md.AppendLine($"| {p.Candidate} | {p.Tracks} | {ReportNumbers.Signed(p.MeanDifference)} | [{ReportNumbers.Signed(p.Interval.Low)}, {ReportNumbers.Signed(p.Interval.High)}] | " +
                          $"{ReportNumbers.PValue(p.Wilcoxon.PValue)}{(p.Wilcoxon.Exact ? "" : " (normal approx.)")} | {ReportNumbers.PValue(c.HolmPValues[i])} | {p.Wins} / {p.Ties} / {p.Losses} |");
        }
        md.AppendLine();
        if (c.Complete.Count == 0)
        {
            md.AppendLine("No track has a value for every configuration: no Friedman ranking.").AppendLine();
            return;
        }
        var f = c.Friedman;
        var test = f.Configurations < 3
            ? "the Friedman test needs three configurations or more (the pair is compared above)"
            : $"Friedman χ² = {ReportNumbers.Plain(f.Statistic)} ({f.Configurations - 1} degrees of freedom), p = {ReportNumbers.PValue(f.PValue)}";
        md.AppendLine($"Friedman ranking over the {Plural.Count(f.Tracks, "track")} every configuration succeeded on (average rank, 1 = best): {test}. " +
                      $"Nemenyi critical difference at α = {ReportNumbers.Plain(NemenyiCriticalDifference.Alpha)}: CD = {ReportNumbers.Plain(c.CriticalDifference)} " +
                      $"(q = {ReportNumbers.Plain(NemenyiCriticalDifference.Q(f.Configurations))}, Demšar 2006); configurations whose average ranks differ by less " +
                      $"are not significantly different. Diagram: [{SweepPlots.CriticalDifferenceFile(task, c.Metric)}]({SweepPlots.CriticalDifferenceFile(task, c.Metric)}).").AppendLine();
        md.AppendLine("| rank | configuration | average rank | mean on these tracks |").AppendLine("|---|---|---|---|");
        var order = Enumerable.Range(0, c.Configurations.Count).OrderBy(j => f.AverageRanks[j]).ThenBy(j => c.Configurations[j].Point).ToArray();
        for (var r = 0; r < order.Length; r++)
        {
            var configuration = c.Configurations[order[r]];
            var mean = c.Complete.Average(t => configuration.Scores[t]);
            md.AppendLine($"| {r + 1} | {configuration.Label} | {ReportNumbers.Plain(f.AverageRanks[order[r]])} | {ReportNumbers.Plain(mean)} |");
        }
        md.AppendLine();
    }
}
