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
    public static TimeInterval[] Adjust(IReadOnlyList<TimeInterval> intervals, double? tMin, double? tMax)
    {
        if (intervals.Count == 0)
        {
            if (tMin is { } lo && tMax is { } hi) return [new TimeInterval(lo, hi)];
            throw new ArgumentException("Supplied intervals are empty: cannot adjust them without both t_min and t_max.");
        }
        var result = intervals.ToList();
        if (tMin is { } min)
        {
            int first = result.FindIndex(x => x.End >= min);
            if (first > 0) result = result.GetRange(first, result.Count - first);
            result = result.Select(x => new TimeInterval(Math.Max(min, x.Start), Math.Max(min, x.End))).ToList();
            double lowest = result.Min(x => Math.Min(x.Start, x.End));
            if (lowest > min) result.Insert(0, new TimeInterval(min, lowest));
        }
        if (tMax is { } max)
        {
            int last = result.FindIndex(x => x.Start > max);
            if (last >= 0) result = result.GetRange(0, last);
            if (result.Count == 0) throw new ArgumentException($"Every interval starts after t_max = {max} s.");
            result = result.Select(x => new TimeInterval(Math.Min(max, x.Start), Math.Min(max, x.End))).ToList();
            double highest = result.Max(x => Math.Max(x.Start, x.End));
            if (highest < max) result.Add(new TimeInterval(highest, max));
        }
        return result.ToArray();
    }
}
