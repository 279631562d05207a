namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>Linear interpolation between order statistics (numpy's default): position p·(n−1) in the sorted values.</summary>
public static class SampleQuantile
{
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
