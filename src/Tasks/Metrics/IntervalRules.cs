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
        var times = new List<double>(2 * intervals.Count);
        foreach (var (start, end) in intervals)
        {
            times.Add(Rounding.HalfEven(start, 5));
            times.Add(Rounding.HalfEven(end, 5));
        }
        times.Sort();
        var distinct = new List<double>(times.Count);
        foreach (var t in times)
            if (distinct.Count == 0 || distinct[^1] != t) distinct.Add(t);
        return distinct.ToArray();
    }
}
