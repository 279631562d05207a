namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// One-to-one matching of event times within a window (mir_eval util.match_events): candidate pairs
/// satisfy est − w ≤ ref ≤ est + w (no rounding), then maximum bipartite matching.
/// </summary>
/// <remarks>The graph is built as arrays (<see cref="BipartiteMatching.MatchOfRight"/>): no lists or tuples over value
/// types for the JIT to compile at a worker's first song.</remarks>
public static class EventMatching
{
    /// <summary>Matched pairs (reference index, estimate index), sorted by reference index.</summary>
    public static IReadOnlyList<(int Reference, int Estimate)> Match(IReadOnlyList<double> reference, IReadOnlyList<double> estimate, double window)
    {
        var (matchOf, lefts) = Matching(reference, estimate, window);
        return Pairs(matchOf, lefts);
    }

    /// <summary>How many pairs <see cref="Match(IReadOnlyList{double}, IReadOnlyList{double}, double)"/> finds.</summary>
    public static int Count(IReadOnlyList<double> reference, IReadOnlyList<double> estimate, double window) =>
        Matched(Matching(reference, estimate, window).MatchOf);

    private static (int[] MatchOf, int[] Lefts) Matching(IReadOnlyList<double> reference, IReadOnlyList<double> estimate, double window)
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
        // Left vertices: the estimates with at least one reference in their window, in index order.
        var lefts = new int[estimate.Count];
        var neighbours = new int[estimate.Count][];
        var count = 0;
        var hits = new int[reference.Count];
        for (int j = 0; j < estimate.Count; j++)
        {
            double low = estimate[j] - window, high = estimate[j] + window;
            var n = 0;
            foreach (var i in sorted)
            {
                if (reference[i] >= low && reference[i] <= high) hits[n++] = i;
            }
            if (n == 0) continue;
            lefts[count] = j;
            neighbours[count] = new int[n];
            Array.Copy(hits, neighbours[count++], n);
        }
        var graph = new int[count][];
        Array.Copy(neighbours, graph, count);
        return (BipartiteMatching.MatchOfRight(graph, reference.Count), lefts);
    }

    /// <summary>
    /// Matching under an arbitrary distance: candidate pairs with distance(ref_i, est_j) ≤ window,
    /// scanned row-major like numpy.where.
    /// </summary>
    public static IReadOnlyList<(int Reference, int Estimate)> Match(
        IReadOnlyList<double> reference, IReadOnlyList<double> estimate, double window, Func<double, double, double> distance)
    {
        var (matchOf, lefts) = Matching(reference, estimate, window, distance);
        return Pairs(matchOf, lefts);
    }

    /// <summary>How many pairs <see cref="Match(IReadOnlyList{double}, IReadOnlyList{double}, double, Func{double, double, double})"/> finds.</summary>
    public static int Count(IReadOnlyList<double> reference, IReadOnlyList<double> estimate, double window, Func<double, double, double> distance) =>
        Matched(Matching(reference, estimate, window, distance).MatchOf);

    private static (int[] MatchOf, int[] Lefts) Matching(
        IReadOnlyList<double> reference, IReadOnlyList<double> estimate, double window, Func<double, double, double> distance)
    {
        var hit = new bool[reference.Count, estimate.Count];
        var degree = new int[estimate.Count];
        // Left vertices in the order the row-major scan first meets each estimate.
        var lefts = new int[estimate.Count];
        var count = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            for (int j = 0; j < estimate.Count; j++)
            {
                if (!(distance(reference[i], estimate[j]) <= window)) continue;
                hit[i, j] = true;
                if (degree[j]++ == 0) lefts[count++] = j;
            }
        }
        var neighbours = new int[count][];
        for (var k = 0; k < count; k++)
        {
            var j = lefts[k];
            var row = new int[degree[j]];
            var n = 0;
            for (int i = 0; i < reference.Count; i++)
            {
                if (hit[i, j]) row[n++] = i;
            }
            neighbours[k] = row;
        }
        return (BipartiteMatching.MatchOfRight(neighbours, reference.Count), lefts);
    }

    /// <summary>(reference, estimate) pairs in reference order from the right vertices' matches.</summary>
    private static (int Reference, int Estimate)[] Pairs(int[] matchOf, int[] lefts)
    {
        var pairs = new (int Reference, int Estimate)[Matched(matchOf)];
        var k = 0;
        for (var i = 0; i < matchOf.Length; i++)
        {
            if (matchOf[i] >= 0) pairs[k++] = (i, lefts[matchOf[i]]);
        }
        return pairs;
    }

    private static int Matched(int[] matchOf)
    {
        var matched = 0;
        foreach (var u in matchOf)
        {
            if (u >= 0) matched++;
        }
        return matched;
    }
}
