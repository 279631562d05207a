using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// Items packed into messages that stay within a byte budget, by an estimate of their size as JSON: assignments
/// to a worker (<see cref="AssignmentMessages"/>) and pages of results to a client (<see cref="ResultPages"/>).
/// </summary>
public static class ByteBudget
{
    // A spec's fixed part (ids, labels, lease) as JSON; its strings are counted by length.
    private const int SpecOverhead = 512;

    /// <summary>A job spec's size as JSON, roughly (its config travels with its point, <see cref="Of(PointSpec)"/>).</summary>
    public static long Of(JobSpec spec) => SpecOverhead + (spec.ConfigJson?.Length ?? 0) + spec.PointLabel.Length + spec.TrackId.Length;

    /// <summary>A configuration point's size as JSON, roughly.</summary>
    public static long Of(PointSpec point) => SpecOverhead + point.ConfigJson.Length + point.Label.Length;

    /// <summary>
    /// Consecutive runs of <paramref name="items"/>, in order, whose estimated sizes add up to at most
    /// <paramref name="maxBytes"/>; an item over the budget alone goes in a run of its own. Lazy: taking the first
    /// run reads one item past it.
    /// </summary>
    public static IEnumerable<List<T>> Pack<T>(IEnumerable<T> items, Func<T, long> size, long maxBytes)
    {
        var run = new List<T>();
        long bytes = 0;
        foreach (var item in items)
        {
            var itemBytes = size(item);
            if (run.Count > 0 && bytes + itemBytes > maxBytes)
            {
                yield return run;
                run = [];
                bytes = 0;
            }
            run.Add(item);
            bytes += itemBytes;
        }
        if (run.Count > 0)
        {
            yield return run;
        }
    }
}
