namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Fits a segmentation to a time span, as mir_eval util.adjust_intervals does: intervals ending before t_min are
/// dropped (from the first one ending at or after it), times are clipped to ≥ t_min, and [t_min, first] is
/// prepended when the segmentation starts late; symmetrically intervals starting after t_max are dropped, times
/// clipped to ≤ t_max, and [last, t_max] appended when it ends early. Clipping can create zero-length intervals.
/// </summary>
public static class IntervalAdjustment
{
    /// <exception cref="ArgumentException">Empty intervals without both bounds, or every interval beyond t_max.</exception>
    // Loops over an array rather than List and LINQ calls on TimeInterval: those generic instantiations are compiled by
    // the JIT at a process's first scored track (structure scores every track with this), ReadyToRun code is not.
    public static TimeInterval[] Adjust(IReadOnlyList<TimeInterval> intervals, double? tMin, double? tMax)
    {
        if (intervals.Count == 0)
        {
            if (tMin is { } lo && tMax is { } hi) return [new TimeInterval(lo, hi)];
            throw new ArgumentException("Supplied intervals are empty: cannot adjust them without both t_min and t_max.");
        }
        var result = new TimeInterval[intervals.Count];
        for (var i = 0; i < result.Length; i++) result[i] = intervals[i];
        if (tMin is { } min)
        {
            var first = 0;
            while (first < result.Length && !(result[first].End >= min)) first++;
            if (first == result.Length) first = -1;
            if (first > 0) result = Slice(result, first, result.Length - first);
            for (var i = 0; i < result.Length; i++)
                result[i] = new TimeInterval(Math.Max(min, result[i].Start), Math.Max(min, result[i].End));
            var lowest = Lowest(result);
            if (lowest > min) result = Around(new TimeInterval(min, lowest), result, null);
        }
        if (tMax is { } max)
        {
            var last = 0;
            while (last < result.Length && !(result[last].Start > max)) last++;
            if (last < result.Length) result = Slice(result, 0, last);
            if (result.Length == 0) throw new ArgumentException($"Every interval starts after t_max = {max} s.");
            for (var i = 0; i < result.Length; i++)
                result[i] = new TimeInterval(Math.Min(max, result[i].Start), Math.Min(max, result[i].End));
            var highest = Highest(result);
            if (highest < max) result = Around(null, result, new TimeInterval(highest, max));
        }
        return result;
    }

    private static TimeInterval[] Slice(TimeInterval[] intervals, int start, int count)
    {
        var slice = new TimeInterval[count];
        Array.Copy(intervals, start, slice, 0, count);
        return slice;
    }

    // The intervals with one more before or after them.
    private static TimeInterval[] Around(TimeInterval? before, TimeInterval[] intervals, TimeInterval? after)
    {
        var offset = before is null ? 0 : 1;
        var result = new TimeInterval[intervals.Length + offset + (after is null ? 0 : 1)];
        Array.Copy(intervals, 0, result, offset, intervals.Length);
        if (before is { } b) result[0] = b;
        if (after is { } a) result[^1] = a;
        return result;
    }

    // min over intervals of min(start, end), NaN as soon as one is NaN (what Enumerable.Min does with doubles).
    private static double Lowest(TimeInterval[] intervals)
    {
        var lowest = Math.Min(intervals[0].Start, intervals[0].End);
        if (double.IsNaN(lowest)) return lowest;
        for (var i = 1; i < intervals.Length; i++)
        {
            var x = Math.Min(intervals[i].Start, intervals[i].End);
            if (x < lowest) lowest = x;
            else if (double.IsNaN(x)) return x;
        }
        return lowest;
    }

    // max over intervals of max(start, end), NaN skipped unless every one is NaN (what Enumerable.Max does with doubles).
    private static double Highest(TimeInterval[] intervals)
    {
        var i = 0;
        var highest = Math.Max(intervals[0].Start, intervals[0].End);
        while (double.IsNaN(highest))
        {
            if (++i == intervals.Length) return highest;
            highest = Math.Max(intervals[i].Start, intervals[i].End);
        }
        for (i++; i < intervals.Length; i++)
        {
            var x = Math.Max(intervals[i].Start, intervals[i].End);
            if (x > highest) highest = x;
        }
        return highest;
    }
}
