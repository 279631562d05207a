namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// The interval checks mir_eval applies before every interval-based metric (util.validate_intervals):
/// no negative time, and every duration strictly positive (zero-length intervals are rejected).
/// </summary>
public static class IntervalRules
{
    /// <summary>Throws naming <paramref name="what"/> and the first offending interval.</summary>
    public static void Validate(IReadOnlyList<TimeInterval> intervals, string what)
    {
        for (int i = 0; i < intervals.Count; i++)
        {
            var (start, end) = intervals[i];
            if (double.IsNaN(start) || double.IsNaN(end))
                throw new ArgumentException($"{what}: interval {i} contains NaN.");
            if (start < 0 || end < 0)
                throw new ArgumentException($"{what}: negative interval times found (interval {i} = [{start}, {end}]).");
        }
        for (int i = 0; i < intervals.Count; i++)
        {
            var (start, end) = intervals[i];
            if (end <= start)
                throw new ArgumentException(
                    $"{what}: all interval durations must be strictly positive (interval {i} = [{start}, {end}]).");
        }
    }

    /// <summary>
    /// Boundaries of a segmentation: the sorted distinct start and end times, rounded to 5 decimals
    /// (mir_eval util.intervals_to_boundaries), so [0,10],[10,20] gives {0, 10, 20}.
    /// </summary>
    public static double[] ToBoundaries(IReadOnlyList<TimeInterval> intervals)
    {
        var times = new double[2 * intervals.Count];
        for (var i = 0; i < intervals.Count; i++)
        {
            times[2 * i] = Rounding.HalfEven(intervals[i].Start, 5);
            times[2 * i + 1] = Rounding.HalfEven(intervals[i].End, 5);
        }
        Ascending(times);
        var count = 0;
        for (var i = 0; i < times.Length; i++)
            if (count == 0 || times[count - 1] != times[i]) times[count++] = times[i];
        var distinct = new double[count];
        Array.Copy(times, distinct, count);
        return distinct;
    }

    // Insertion sort by double.CompareTo (NaN first, as Array.Sort orders them). A segmentation has tens of boundaries;
    // Array.Sort's generic helpers for double are compiled by the JIT at a process's first scored track.
    internal static void Ascending(double[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            var x = values[i];
            var j = i - 1;
            while (j >= 0 && values[j].CompareTo(x) > 0)
            {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = x;
        }
    }
}
