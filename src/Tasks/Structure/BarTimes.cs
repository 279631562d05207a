using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Metrics;

namespace NmfGrid.Tasks.Structure;

/// <summary>Bar-index segments to seconds (mir-tasks §4.5).</summary>
public static class BarTimes
{
    /// <summary>
    /// The seed's segments_from_bar_to_time (as_seg 0.1.11): boundary k ↔ bars[k].End, bars[^1].End past the end. Right when
    /// no bar was dropped from the barwise matrix (row k samples bars[k + 1], which starts at bars[k].End).
    /// </summary>
    public static TimeInterval[] Seed(IReadOnlyList<(int Start, int End)> segments, IReadOnlyList<Bar> bars)
    {
        // A loop, not Select(…).ToArray(): LINQ over these value types is JIT-compiled at a process's first track.
        var times = new TimeInterval[segments.Count];
        for (var i = 0; i < times.Length; i++)
            times[i] = new TimeInterval(At(bars, segments[i].Start), At(bars, segments[i].End));
        return times;
    }

    /// <summary>Boundary k ↔ start of the bar of column k of the barwise matrix (end of the last column for k = N).</summary>
    public static TimeInterval[] FromColumns(IReadOnlyList<(int Start, int End)> segments, IReadOnlyList<Bar> columnBars)
    {
        var times = new TimeInterval[segments.Count];
        for (var i = 0; i < times.Length; i++)
            times[i] = new TimeInterval(Boundary(columnBars, segments[i].Start), Boundary(columnBars, segments[i].End));
        return times;
    }

    private static double At(IReadOnlyList<Bar> bars, int k) => k >= bars.Count ? bars[^1].End : bars[k].End;

    private static double Boundary(IReadOnlyList<Bar> columnBars, int k) => k < columnBars.Count ? columnBars[k].Start : columnBars[^1].End;
}
