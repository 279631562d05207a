namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>Ranks 1..n of values in ascending order, tied values sharing the mean of the ranks they span (scipy.stats.rankdata's default).</summary>
public static class Ranks
{
    public static double[] Average(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }
            var shared = (start + end) / 2.0 + 1; // ranks start+1 .. end+1
            for (var i = start; i <= end; i++)
            {
                ranks[order[i]] = shared;
            }
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>The sizes of the groups of equal values that have more than one member (the tie corrections need them).</summary>
    public static IEnumerable<int> TieSizes(IEnumerable<double> values) =>
        values.GroupBy(v => v).Select(g => g.Count()).Where(c => c > 1);
}
