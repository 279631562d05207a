namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>
/// Holm's step-down adjustment of m p-values (Holm 1979, Scand. J. Statist. 6): sorted ascending, the i-th (from 1) becomes
/// max over j ≤ i of min(1, (m − j + 1)·p_(j)). Rejecting where the adjusted p &lt; α controls the family-wise error at α.
/// NaN p-values (no test) stay NaN and do not count in m.
/// </summary>
public static class HolmCorrection
{
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        var adjusted = pValues.ToArray();
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToArray();
        var running = 0.0;
        for (var j = 0; j < order.Length; j++)
        {
            running = Math.Max(running, Math.Min(1, (order.Length - j) * pValues[order[j]]));
            adjusted[order[j]] = running;
        }
        return adjusted;
    }
}
