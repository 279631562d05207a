namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// One-to-one matching of event times within a window (mir_eval util.match_events): candidate pairs
/// satisfy est − w ≤ ref ≤ est + w (no rounding), then maximum bipartite matching.
/// </summary>
public static class EventMatching
{
    /// <summary>Matched pairs (reference index, estimate index), sorted by reference index.</summary>
    public static IReadOnlyList<(int Reference, int Estimate)> Match(IReadOnlyList<double> reference, IReadOnlyList<double> estimate, double window)
    {
        // References sorted by time (stable, as numpy's argsort ties do not matter for cardinality): an insertion sort of
        // the indices by double.CompareTo, the order OrderBy gives, without its generic code for the JIT to compile.
        var sorted = new int[reference.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            var j = i - 1;
            while (j >= 0 && reference[sorted[j]].CompareTo(reference[i]) > 0)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = i;
        }
        var graph = new List<(int, IReadOnlyList<int>)>();
        for (int j = 0; j < estimate.Count; j++)
        {
            double low = estimate[j] - window, high = estimate[j] + window;
            var hits = new List<int>();
            foreach (var i in sorted)
            {
                if (reference[i] >= low && reference[i] <= high) hits.Add(i);
            }
            if (hits.Count > 0) graph.Add((j, hits));
        }
        return BipartiteMatching.Maximum(graph).Select(p => (p.Right, p.Left)).ToArray();
    }

    /// <summary>
    /// Matching under an arbitrary distance: candidate pairs with distance(ref_i, est_j) ≤ window,
    /// scanned row-major like numpy.where.
    /// </summary>
    public static IReadOnlyList<(int Reference, int Estimate)> Match(
        IReadOnlyList<double> reference, IReadOnlyList<double> estimate, double window, Func<double, double, double> distance)
    {
        var order = new List<int>();
        var rights = new Dictionary<int, List<int>>();
        for (int i = 0; i < reference.Count; i++)
        {
            for (int j = 0; j < estimate.Count; j++)
            {
                if (!(distance(reference[i], estimate[j]) <= window)) continue;
                if (!rights.TryGetValue(j, out var list))
                {
                    list = [];
                    rights[j] = list;
                    order.Add(j);
                }
                list.Add(i);
            }
        }
        var graph = order.Select(j => (j, (IReadOnlyList<int>)rights[j])).ToArray();
        return BipartiteMatching.Maximum(graph).Select(p => (p.Right, p.Left)).ToArray();
    }
}
