using NmfGrid.Coordinator.Reports.Statistics;
using ScottPlot;

namespace NmfGrid.Coordinator.Reports;

/// <summary>
/// Demšar's critical-difference diagram (JMLR 7, 2006, fig. 1) of a Friedman ranking: the average-rank axis (1 = best,
/// on the left), each configuration hung from its average rank with its label (the better half on the left, the rest
/// on the right), the Nemenyi CD as a bar of that length, and a thick line joining each largest group of configurations
/// whose average ranks lie within CD of each other (not significantly different).
/// </summary>
public static class CriticalDifferenceDiagram
{
    /// <summary>The narrowest diagram; longer labels widen it so that none is cut at the edges.</summary>
    public const int MinWidth = 1200;
    private const double AxisPixels = 0.36 * MinWidth; // the rank axis keeps this width whatever the labels
    private const double PixelsPerUnitY = 40; // one unit of height on the plot, in pixels
    private const float FontSize = 14;
    private const double PixelsPerCharacter = 0.62 * FontSize; // generous for proportional fonts: a label never overflows

    /// <summary>The diagram and its size in pixels; null without a ranking (fewer than two configurations or no complete track).</summary>
    /// <param name="labels">Each configuration's label on the diagram, by point index.</param>
    public static (Plot Plot, int Width, int Height)? Draw(MetricComparison comparison, IReadOnlyDictionary<int, string> labels, string title)
    {
        var ranks = comparison.Friedman.AverageRanks;
        var k = comparison.Configurations.Count;
        if (comparison.Complete.Count == 0 || ranks.Count != k || k < 2)
        {
            return null;
        }
        var order = Enumerable.Range(0, k).OrderBy(j => ranks[j]).ThenBy(j => comparison.Configurations[j].Point).ToArray();
        var cd = comparison.CriticalDifference;
        var groups = Groups(order.Select(j => ranks[j]).ToArray(), cd);
        var plot = new Plot();
        plot.Layout.Frameless();
        plot.HideAxesAndGrid();
        var ink = Colors.Black;

        // The rank axis at y = 0, its ticks and numbers above it.
        Line(plot, 1, 0, k, 0, 2, ink);
        for (var r = 1; r <= k; r++)
        {
            Line(plot, r, 0, r, 0.2, 1.5f, ink);
            Text(plot, r.ToString(System.Globalization.CultureInfo.InvariantCulture), r, 0.3, Alignment.LowerCenter);
        }
        // The critical difference as a bar starting at rank 1 (it may reach past the axis when CD > k − 1).
        Line(plot, 1, 1.5, 1 + cd, 1.5, 2.5f, Colors.DarkRed);
        Line(plot, 1, 1.35, 1, 1.65, 2, Colors.DarkRed);
        Line(plot, 1 + cd, 1.35, 1 + cd, 1.65, 2, Colors.DarkRed);
        Text(plot, $"CD = {ReportNumbers.Plain(cd)}", 1 + cd / 2, 1.75, Alignment.LowerCenter, Colors.DarkRed);
        Text(plot, title, (1 + k) / 2.0, 2.6, Alignment.LowerCenter, bold: true);

        // Groups within CD, each a thick bar under the axis from its best to its worst average rank.
        for (var g = 0; g < groups.Count; g++)
        {
            var y = -0.35 - 0.3 * g;
            Line(plot, ranks[order[groups[g].First]] - 0.03, y, ranks[order[groups[g].Last]] + 0.03, y, 5, Colors.DimGray);
        }

        // Labels: the better half hangs to the left edge of the axis, the rest to the right edge, best nearest the axis ends' top.
        var top = -0.35 - 0.3 * groups.Count - 0.3;
        var left = (order.Length + 1) / 2;
        var pad = 0.06 * (k - 1) + 0.05;
        var texts = order.ToDictionary(j => j,
            j => $"{labels.GetValueOrDefault(comparison.Configurations[j].Point, comparison.Configurations[j].Label)} ({ReportNumbers.Plain(ranks[j])})");
        for (var i = 0; i < order.Length; i++)
        {
            var j = order[i];
            var onLeft = i < left;
            var row = onLeft ? i : order.Length - 1 - i;
            var y = top - 0.75 * row;
            var end = onLeft ? 1 - pad : k + pad;
            var color = plot.Add.Palette.GetColor(j);
            Line(plot, ranks[j], 0, ranks[j], y, 1.5f, color);
            Line(plot, ranks[j], y, end, y, 1.5f, color);
            plot.Add.Marker(ranks[j], 0, MarkerShape.FilledCircle, 8, color);
            Text(plot, texts[j], onLeft ? end - 0.02 * (k - 1) - 0.02 : end + 0.02 * (k - 1) + 0.02, y, onLeft ? Alignment.MiddleRight : Alignment.MiddleLeft, color);
        }
        var bottom = top - 0.75 * (left - 1) - 0.8;
        // The axis keeps AxisPixels; each side gets room for its longest label (and a margin), at least the share of MinWidth.
        var unitsPerPixel = (k - 1 + 2 * pad) / AxisPixels;
        var labelPixels = texts.Values.Max(t => t.Length) * PixelsPerCharacter + 60;
        var sidePixels = Math.Max((MinWidth - AxisPixels) / 2, labelPixels);
        var side = sidePixels * unitsPerPixel;
        plot.Axes.SetLimits(1 - pad - side, k + pad + side, bottom, 3.4);
        return (plot, (int)Math.Ceiling(AxisPixels + 2 * sidePixels), (int)Math.Ceiling((3.4 - bottom) * PixelsPerUnitY));
    }

    /// <summary>The largest runs of consecutive configurations (by average rank) spanning less than CD, each at least a pair.</summary>
    public static IReadOnlyList<(int First, int Last)> Groups(IReadOnlyList<double> sortedRanks, double cd)
    {
        var groups = new List<(int First, int Last)>();
        for (var first = 0; first < sortedRanks.Count; first++)
        {
            var last = first;
            while (last + 1 < sortedRanks.Count && sortedRanks[last + 1] - sortedRanks[first] < cd)
            {
                last++;
            }
            // A run inside the previous one (same last member) adds nothing.
            if (last > first && (groups.Count == 0 || last > groups[^1].Last))
            {
                groups.Add((first, last));
            }
        }
        return groups;
    }

    private static void Line(Plot plot, double x1, double y1, double x2, double y2, float width, Color color)
    {
        var line = plot.Add.Line(x1, y1, x2, y2);
        line.LineWidth = width;
        line.LineColor = color;
    }

    private static void Text(Plot plot, string text, double x, double y, Alignment alignment, Color? color = null, bool bold = false)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = FontSize;
        label.LabelAlignment = alignment;
        label.LabelFontColor = color ?? Colors.Black;
        label.LabelBold = bold;
    }
}
