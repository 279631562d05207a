namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>
/// A two-sided Wilcoxon signed-rank test of paired differences. Statistic: the smaller of the rank sums of the positive
/// and of the negative differences. Exact: whether the p-value came from the exact null distribution (else the normal
/// approximation). NonZero: the differences that were ranked.
/// </summary>
public sealed record WilcoxonResult(double Statistic, double PValue, int NonZero, bool Exact);

/// <summary>
/// The signed-rank test exactly as scipy.stats.wilcoxon (1.10) computes it with its defaults (zero_method 'wilcox',
/// correction False, two-sided, method 'auto'), so a report's p-values match what a reader recomputes in Python:
/// - n ≤ 50 differences and none zero: the exact distribution of R+ (all 2^n sign patterns equally likely). With tied
///   |d| R+ may be a half-integer; scipy truncates it to an integer before reading the distribution, and so do we.
/// - otherwise zeros are dropped and, over the m that remain, z = (T − m(m+1)/4) / σ with
///   σ² = [m(m+1)(2m+1) − ½ Σ t(t² − 1)] / 24 (t: sizes of tied groups of |d|), p = 2·P(Z > |z|).
/// Reference: Wilcoxon (1945), Biometrics Bulletin 1(6); the tie correction as in scipy.
/// All differences zero: scipy refuses; a report shows p = 1 (no evidence of a difference).
/// </summary>
public static class WilcoxonSignedRank
{
    /// <summary>scipy's 'auto' uses the exact distribution up to this many differences (zeros counted).</summary>
    public const int ExactLimit = 50;

    public static WilcoxonResult Test(IReadOnlyList<double> differences)
    {
        if (differences.Count == 0)
        {
            return new WilcoxonResult(double.NaN, double.NaN, 0, false);
        }
        var exact = differences.Count <= ExactLimit && !differences.Contains(0.0);
        var d = differences.Where(x => x != 0.0).ToArray();
        if (d.Length == 0)
        {
            return new WilcoxonResult(0, 1, 0, false);
        }
        var ranks = Ranks.Average(d.Select(Math.Abs).ToArray());
        double plus = 0, minus = 0;
        for (var i = 0; i < d.Length; i++)
        {
            if (d[i] > 0)
            {
                plus += ranks[i];
            }
            else
            {
                minus += ranks[i];
            }
        }
        var statistic = Math.Min(plus, minus);
        return exact
            ? new WilcoxonResult(statistic, ExactPValue(d.Length, (int)plus), d.Length, true)
            : new WilcoxonResult(statistic, ApproximatePValue(d, ranks, statistic), d.Length, false);
    }

    private static double ExactPValue(int n, int plus)
    {
        var pmf = Distribution(n);
        if (plus == (pmf.Length - 1) / 2)
        {
            return 1.0; // the centre of the distribution
        }
        double below = 0, above = 0;
        for (var r = 0; r <= plus; r++)
        {
            below += pmf[r];
        }
        for (var r = plus; r < pmf.Length; r++)
        {
            above += pmf[r];
        }
        return Math.Clamp(2 * Math.Min(below, above), 0, 1);
    }

    /// <summary>P(R+ = r), r = 0..n(n+1)/2: adding rank k splits each sign pattern in two, one with k among the positives.</summary>
    private static double[] Distribution(int n)
    {
        var c = new double[] { 1 };
        for (var k = 1; k <= n; k++)
        {
            var next = new double[k * (k + 1) / 2 + 1];
            for (var r = 0; r < c.Length; r++)
            {
                next[r] += 0.5 * c[r];
                next[r + next.Length - c.Length] += 0.5 * c[r];
            }
            c = next;
        }
        return c;
    }

    private static double ApproximatePValue(double[] d, double[] ranks, double statistic)
    {
        double m = d.Length;
        var mean = m * (m + 1) / 4;
        var variance = m * (m + 1) * (2 * m + 1) - 0.5 * Ranks.TieSizes(ranks).Sum(t => (double)t * (t * (double)t - 1));
        var z = (statistic - mean) / Math.Sqrt(variance / 24);
        return 2 * Normal.UpperTail(Math.Abs(z));
    }
}
