using NmfGrid.Coordinator.Reports.Statistics;
using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;
using ScottPlot;

namespace NmfGrid.Coordinator.Reports;

/// <summary>
/// The sweep's PNG plots, per task, next to summary.md: the headline metric's distribution per configuration
/// (box of quartiles, whiskers at min and max, one dot per track), the NMF loss curves coloured by
/// configuration, and W and H of one track. Only what is there is drawn: a task where no job succeeded still
/// gets its (empty, titled) distribution plot, so a report always has the same files.
/// </summary>
public static class SweepPlots
{
    private const int Height = 520;
    private const double TickCharacterPixels = 7.5; // a tick label character at ScottPlot's default size, generously
    // More tracks than this per configuration would only overdraw the loss plot.
    private const int MaxCurvesPerConfiguration = 24;

    /// <summary>Writes the plots; returns their paths. <paramref name="results"/> maps job id to its result.</summary>
    public static IReadOnlyList<string> Write(ResultsTable table, IReadOnlyDictionary<string, JobResult> results, string folder)
    {
        var written = new List<string>();
        foreach (var task in table.Rows.Select(r => r.Task).Distinct())
        {
            var rows = table.Rows.Where(r => r.Task == task).ToArray();
            written.Add(Distribution(task, rows, folder));
            if (CriticalDifference(task, rows, folder) is { } cd)
            {
                written.Add(cd);
            }
            written.AddRange(LossPlots(task, rows, results, folder));
            written.AddRange(Factors(task, rows, results, folder));
        }
        return written;
    }

    /// <summary>Configurations in sweep order (their point index), each with its label.</summary>
    /// <remarks>Settings shared by every configuration on a plot are left out of the labels: they say nothing there and
    /// made long labels overlap.</remarks>
    private static (int Point, string Label)[] Configurations(IEnumerable<ResultRow> rows)
    {
        var configurations = rows.Select(r => (r.Point, r.Configuration)).Distinct().OrderBy(c => c.Point).ToArray();
        if (configurations.Length < 2)
        {
            return configurations;
        }
        var parts = configurations.Select(c => c.Configuration.Split(',')).ToArray();
        var shared = parts.Skip(1).Aggregate(parts[0].ToHashSet(StringComparer.Ordinal), (common, p) => { common.IntersectWith(p); return common; });
        return configurations.Select((c, i) =>
        {
            var distinct = parts[i].Where(p => !shared.Contains(p)).ToArray();
            return (c.Point, distinct.Length == 0 ? c.Configuration : string.Join(",", distinct));
        }).ToArray();
    }

    private static string Distribution(string task, ResultRow[] rows, string folder)
    {
        var succeeded = rows.Where(r => r.Status == "succeeded").ToArray();
        var metric = HeadlineOf(task, succeeded)?.Metric;
        var configurations = Configurations(rows);
        var plot = new Plot();
        var failed = rows.Length - succeeded.Length;
        plot.Title($"{task}: {metric ?? "no job succeeded"} per configuration" + (failed > 0 ? $" ({Plural.Count(failed, "failed job")} left out)" : ""));
        plot.YLabel(metric ?? "");
        var jitter = new Random(0); // fixed: the same results give the same picture
        for (var i = 0; i < configurations.Length; i++)
        {
            var values = metric is null
                ? []
                : succeeded.Where(r => r.Point == configurations[i].Point && r.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v))
                    .Select(r => r.Metrics[metric]).Order().ToArray();
            if (values.Length == 0)
            {
                continue;
            }
            var color = plot.Add.Palette.GetColor(i);
            var box = plot.Add.Box(new Box
            {
                Position = i,
                BoxMin = Quantile(values, 0.25),
                BoxMiddle = Quantile(values, 0.5),
                BoxMax = Quantile(values, 0.75),
                WhiskerMin = values[0],
                WhiskerMax = values[^1],
                Width = 0.5,
            });
            box.Boxes[0].FillColor = color.WithAlpha(0.3);
            box.Boxes[0].LineColor = color;
            var dots = plot.Add.ScatterPoints(values.Select(_ => i + (jitter.NextDouble() - 0.5) * 0.3).ToArray(), values, color);
            dots.MarkerSize = 5;
        }
        var tickLabels = configurations.Select(c => Shorten(c.Label)).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, configurations.Length).Select(i => (double)i).ToArray(), tickLabels);
        var width = Math.Clamp(160 + 110 * configurations.Length, 640, 2400);
        var height = Height;
        // Each tick label fits under its box or is turned by 30°; then the margins below and right of the plot are
        // sized to the longest one, so that no label is cut at the image's edge.
        var labelPixels = tickLabels.Select(l => l.Length).DefaultIfEmpty(0).Max() * TickCharacterPixels;
        if (labelPixels > (width - 160.0) / Math.Max(configurations.Length, 1) - 10)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            var below = (float)(labelPixels * 0.5 + 30);
            plot.Axes.Bottom.MinimumSize = below;
            var right = (float)Math.Max(20, labelPixels * 0.87 - 80);
            plot.Axes.Right.MinimumSize = right;
            height += (int)below;
            width += (int)right;
        }
        plot.Axes.SetLimitsX(-0.75, Math.Max(configurations.Length, 1) - 0.25);
        return Save(plot, folder, $"{task}-{metric ?? "metric"}.png", width, height);
    }

    /// <summary>The task's headline among the finite metrics of <paramref name="succeeded"/>, as summary.md ranks by it.</summary>
    private static Headline? HeadlineOf(string task, IEnumerable<ResultRow> succeeded) =>
        SweepSummary.HeadlineOf(task, succeeded.SelectMany(r => r.Metrics.Where(m => double.IsFinite(m.Value)).Select(m => m.Key))
                                               .Distinct().Order(StringComparer.Ordinal).ToArray());

    /// <summary>The file name of a task's critical-difference diagram, as summary.md links it.</summary>
    public static string CriticalDifferenceFile(string task, string metric) => SafeName($"{task}-{metric}-cd.png");

    private static string? CriticalDifference(string task, ResultRow[] rows, string folder)
    {
        if (HeadlineOf(task, rows.Where(r => r.Status == "succeeded")) is not { } headline
            || MetricComparison.Of(ConfigurationScores.From(rows, headline.Metric), headline.Metric, headline.LowerIsBetter, baselinePoint: null) is not { } comparison)
        {
            return null;
        }
        var metric = headline.Metric;
        var labels = Configurations(rows).ToDictionary(c => c.Point, c => Shorten(c.Label));
        var title = $"{task}: average rank on {metric} over {Plural.Count(comparison.Complete.Count, "track")}" +
                    (comparison.Friedman.Configurations >= 3 ? $", Friedman p = {ReportNumbers.PValue(comparison.Friedman.PValue)}" : "");
        if (CriticalDifferenceDiagram.Draw(comparison, labels, title) is not { } diagram)
        {
            return null;
        }
        return Save(diagram.Plot, folder, CriticalDifferenceFile(task, metric), diagram.Width, diagram.Height);
    }

    /// <summary>
    /// The loss curves, one plot per β-divergence when the sweep varies `algorithm.beta` (`<task>-loss-beta<β>.png`):
    /// losses of different divergences share no scale, so they never share an axis.
    /// </summary>
    private static IEnumerable<string> LossPlots(string task, ResultRow[] rows, IReadOnlyDictionary<string, JobResult> results, string folder)
    {
        var byBeta = rows.GroupBy(r => r.Settings.GetValueOrDefault(BetaKey, "")).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        if (byBeta.Length == 1)
        {
            if (LossCurves(task, rows, results, folder, $"{task}-loss.png", "") is { } single)
                yield return single;
            yield break;
        }
        foreach (var group in byBeta)
        {
            var beta = group.Key.Length == 0 ? "none" : group.Key;
            if (LossCurves(task, group.ToArray(), results, folder, $"{task}-loss-beta{beta}.png", $", β = {beta}") is { } plot)
                yield return plot;
        }
    }

    private const string BetaKey = "algorithm.beta";

    private static string? LossCurves(string task, ResultRow[] rows, IReadOnlyDictionary<string, JobResult> results, string folder, string file, string divergence)
    {
        var plot = new Plot();
        var any = false;
        var configurations = Configurations(rows);
        for (var i = 0; i < configurations.Length; i++)
        {
            var color = plot.Add.Palette.GetColor(i);
            var curves = rows.Where(r => r.Point == configurations[i].Point && results.ContainsKey(r.JobId))
                .Select(r => results[r.JobId]).Where(r => r.LossHistory.Count > 0).Take(MaxCurvesPerConfiguration);
            var first = true;
            foreach (var result in curves)
            {
                // log10 of the loss: losses span decades between the first and last iterations.
                var ys = result.LossHistory.Select(l => l > 0 && double.IsFinite(l) ? Math.Log10(l) : double.NaN).ToArray();
                // The solvers evaluate the loss at the start, every few iterations and at the end; only the count
                // and the last iteration come back, so the evaluations are spread evenly up to it.
                var last = Math.Max(result.Iterations, ys.Length - 1);
                var xs = Enumerable.Range(0, ys.Length).Select(x => ys.Length > 1 ? x * (double)last / (ys.Length - 1) : 0).ToArray();
                var line = plot.Add.ScatterLine(xs, ys, color.WithAlpha(0.6));
                line.LineWidth = 1.5f;
                if (first)
                {
                    line.LegendText = Shorten(configurations[i].Label);
                    first = false;
                }
                any = true;
            }
        }
        if (!any)
        {
            return null;
        }
        plot.Title($"{task}: NMF loss per iteration{divergence}");
        plot.XLabel("iteration");
        plot.YLabel("log10 β-divergence");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, folder, file, 900);
    }

    /// <summary>W and H of the first job (sweep order) that brought its factors back: the first configuration's first track.</summary>
    private static IEnumerable<string> Factors(string task, ResultRow[] rows, IReadOnlyDictionary<string, JobResult> results, string folder)
    {
        var carrier = rows.Where(r => results.TryGetValue(r.JobId, out var result) && result.Factors is { Rank: > 0 })
            .OrderBy(r => r.Point).ThenBy(r => r.Track, StringComparer.Ordinal).FirstOrDefault();
        if (carrier is null)
        {
            yield break;
        }
        var f = results[carrier.JobId].Factors!;
        // Titles as long as each image's width holds (W is 640 px wide, H 1000 px).
        string Title(int length) => $"{Shorten(carrier.Configuration, length)}, {Shorten(carrier.Track, 24)}";

        // Rows of the image are drawn top down: put W's first (lowest-frequency) row at the bottom.
        var w = new double[f.Rows, f.Rank];
        for (var r = 0; r < f.Rows; r++)
        {
            for (var k = 0; k < f.Rank; k++)
            {
                w[f.Rows - 1 - r, k] = f.W[k * f.Rows + r];
            }
        }
        var plotW = new Plot();
        var heatW = plotW.Add.Heatmap(w);
        heatW.Colormap = new ScottPlot.Colormaps.Viridis();
        plotW.Add.ColorBar(heatW);
        plotW.Title($"W — {Title(48)}", 13);
        plotW.XLabel("component");
        var columns = Enumerable.Range(0, f.Rank).Where(k => k % TickStep(f.Rank) == 0).ToArray();
        plotW.Axes.Bottom.SetTicks(columns.Select(k => (double)k).ToArray(), columns.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plotW.YLabel("frequency bin (downsampled)");
        yield return Save(plotW, folder, $"{task}-W.png", 640);

        var h = new double[f.Rank, f.Columns];
        for (var k = 0; k < f.Rank; k++)
        {
            for (var t = 0; t < f.Columns; t++)
            {
                h[k, t] = f.H[t * f.Rank + k];
            }
        }
        var plotH = new Plot();
        var heatH = plotH.Add.Heatmap(h);
        heatH.Colormap = new ScottPlot.Colormaps.Viridis();
        plotH.Add.ColorBar(heatH);
        plotH.Title($"H — {Title(100)}", 13);
        plotH.XLabel("frame (downsampled)");
        plotH.YLabel("component");
        // Row 0 of the image is drawn at the top; label the rows with their component numbers.
        // At most ~24 labelled rows (a transcription H has 88): every step-th component keeps its number.
        var labelled = Enumerable.Range(0, f.Rank).Where(k => (f.Rank - 1 - k) % TickStep(f.Rank) == 0).ToArray();
        plotH.Axes.Left.SetTicks(labelled.Select(k => (double)k).ToArray(), labelled.Select(k => (f.Rank - 1 - k).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        yield return Save(plotH, folder, $"{task}-H.png", 1000);
    }

    /// <summary>Label every component up to 24 of them, else every 2nd, 4th, 5th, 10th… (a readable count).</summary>
    private static int TickStep(int rank) => rank <= 24 ? 1 : new[] { 2, 4, 5, 8, 10, 20, 50, 100 }.FirstOrDefault(s => rank / s <= 24, 1000);

    /// <summary>Linear interpolation between order statistics (numpy's default): position p·(n−1) in the sorted values.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p) => SampleQuantile.Of(sorted, p);

    private static string Shorten(string label, int length = 48) => label.Length <= length ? label : label[..(length - 1)] + "…";

    private static string SafeName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>Written next to the final name and moved over it, like the report's text files.</summary>
    private static string Save(Plot plot, string folder, string name, int width, int height = Height)
    {
        var path = Path.Combine(folder, SafeName(name));
        var temporary = path + ".tmp.png";
        plot.SavePng(temporary, width, height);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
