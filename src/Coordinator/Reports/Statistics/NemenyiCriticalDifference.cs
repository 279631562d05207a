using System.Collections.Concurrent;

namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>
/// The Nemenyi post-hoc test after a Friedman test (Demšar 2006, JMLR 7, §3.2.2): two of k configurations ranked over
/// n tracks differ significantly when their average ranks differ by at least CD = q_α √(k(k+1) / (6n)), where q_α is
/// the studentized range quantile for k means and infinite degrees of freedom divided by √2 (Demšar's Table 5a:
/// 1.960, 2.343, 2.569, … for k = 2, 3, 4, … at α = 0.05). q_α is computed, so any k works.
/// </summary>
public static class NemenyiCriticalDifference
{
    public const double Alpha = 0.05;

    // A quantile takes some 10^5 normal integrals; a report asks for the same few several times.
    private static readonly ConcurrentDictionary<(int, double), double> Quantiles = new();

    public static double Of(int configurations, int tracks, double alpha = Alpha) =>
        Q(configurations, alpha) * Math.Sqrt(configurations * (configurations + 1.0) / (6.0 * tracks));

    /// <summary>q_α for k configurations: the w with P(range of k standard normals ≤ w) = 1 − α, over √2.</summary>
    public static double Q(int configurations, double alpha = Alpha)
    {
        if (configurations < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(configurations), configurations, "a range needs at least two configurations");
        }
        return Quantiles.GetOrAdd((configurations, alpha), key => Solve(key.Item1, key.Item2));
    }

    private static double Solve(int configurations, double alpha)
    {
        double low = 0, high = 20;
        for (var i = 0; i < 50; i++) // 20 / 2^50: far below the digits the quadrature gives
        {
            var middle = (low + high) / 2;
            if (RangeCdf(configurations, middle) < 1 - alpha)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return (low + high) / 2 / Math.Sqrt(2);
    }

    /// <summary>P(max − min of k standard normals ≤ w) = k ∫ φ(x) [Φ(x + w) − Φ(x)]^(k−1) dx, by Simpson's rule on [−12, 12].</summary>
    private static double RangeCdf(int k, double w)
    {
        const int intervals = 4000; // even
        const double from = -12, to = 12;
        var h = (to - from) / intervals;
        var sum = 0.0;
        for (var i = 0; i <= intervals; i++)
        {
            var x = from + i * h;
            var f = Normal.Density(x) * Math.Pow(Normal.Cdf(x + w) - Normal.Cdf(x), k - 1);
            sum += f * (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return k * sum * h / 3;
    }
}
