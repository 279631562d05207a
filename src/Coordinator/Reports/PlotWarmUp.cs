using ScottPlot;

namespace NmfGrid.Coordinator.Reports;

/// <summary>
/// Draws one small throwaway plot with the kinds of marks the report's plots use (a box, dots, a line with a legend,
/// a heatmap with its colour bar, tick labels set and turned, titles), on a background thread while the sweep's last jobs run.
/// A process's first plot cost 0.2–0.35 s, nearly all of it loading SkiaSharp and its fonts and the JIT compiling
/// ScottPlot's generic code, at the end of the run where nothing else could use the cores (docs/performance.md, "Fixed
/// costs of a run"); done here, it overlaps the last jobs, which leave a core idle as soon as the first of them ends.
/// Nothing is written; a failure here is ignored (the report's own plots then meet it and report it).
/// </summary>
public static class PlotWarmUp
{
    /// <summary>Starts the warm-up on its own background thread; the task ends when it has drawn (or failed).</summary>
    public static Task Start()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Draw();
            }
            catch (Exception)
            {
                // The report draws its plots anyway; whatever failed here fails there with its message.
            }
            done.SetResult();
        })
        {
            IsBackground = true,
            Name = "plot-warm-up",
        };
        thread.Start();
        return done.Task;
    }

    private static void Draw()
    {
        var plot = new Plot();
        plot.Title("warm-up");
        plot.XLabel("x");
        plot.YLabel("y");
        var color = plot.Add.Palette.GetColor(0);
        var box = plot.Add.Box(new Box { Position = 0, BoxMin = 1, BoxMiddle = 2, BoxMax = 3, WhiskerMin = 0, WhiskerMax = 4, Width = 0.5 });
        box.Boxes[0].FillColor = color.WithAlpha(0.3);
        plot.Add.ScatterPoints(new[] { 0.0, 0.1 }, new[] { 1.0, 2.0 }, color).MarkerSize = 5;
        var line = plot.Add.ScatterLine(new[] { 0.0, 1.0 }, new[] { 1.0, 0.5 }, color.WithAlpha(0.6));
        line.LegendText = "a";
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.SetTicks([0.0, 1.0], ["a", "b"]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.GetImageBytes(160, 120, ImageFormat.Png);

        var heat = new Plot();
        var map = heat.Add.Heatmap(new double[,] { { 0, 1 }, { 1, 0 } });
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        heat.Add.ColorBar(map);
        heat.Title("warm-up", 13);
        heat.GetImageBytes(160, 120, ImageFormat.Png);
    }
}
