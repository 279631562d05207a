using MathNet.Numerics;

namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>
/// The Friedman test over k configurations on n tracks (blocks): Statistic χ²_F, its p-value on k − 1 degrees of
/// freedom, and each configuration's average rank over the tracks (1 = best). Statistic and p-value are NaN below
/// three configurations (scipy.stats.friedmanchisquare refuses them; a pair is a Wilcoxon test's job).
/// </summary>
public sealed record FriedmanResult(int Configurations, int Tracks, double Statistic, double PValue, IReadOnlyList<double> AverageRanks);

/// <summary>
/// Friedman (1937), as scipy.stats.friedmanchisquare computes it: rank each track's k values (average ranks for ties),
/// R_j = the rank sums, χ²_F = [12/(n k (k+1)) Σ R_j² − 3 n (k+1)] / C with the tie correction
/// C = 1 − Σ t(t² − 1) / (n k (k² − 1)) (t: sizes of tied groups within a track); p = P(χ²_{k−1} &gt; χ²_F).
/// Ranking best-first instead of ascending leaves χ²_F unchanged. A table tied everywhere (C = 0) gets χ²_F = 0, p = 1.
/// </summary>
public static class FriedmanTest
{
    /// <summary><paramref name="table"/>[track][configuration]; every track has a value for every configuration.</summary>
    public static FriedmanResult Test(IReadOnlyList<IReadOnlyList<double>> table, bool lowerIsBetter)
    {
        var n = table.Count;
        var k = n == 0 ? 0 : table[0].Count;
        var sums = new double[k];
        var ties = 0.0;
        foreach (var track in table)
        {
            if (track.Count != k)
            {
                throw new ArgumentException($"every track needs {k} values, one per configuration; got {track.Count}", nameof(table));
            }
            // Rank 1 is the best value: the lowest when lower is better, else the highest.
            var ranks = Ranks.Average(lowerIsBetter ? track : track.Select(v => -v).ToArray());
            for (var j = 0; j < k; j++)
            {
                sums[j] += ranks[j];
            }
            ties += Ranks.TieSizes(ranks).Sum(t => (double)t * (t * (double)t - 1));
        }
        var averages = sums.Select(s => n == 0 ? double.NaN : s / n).ToArray();
        if (k < 3 || n == 0)
        {
            return new FriedmanResult(k, n, double.NaN, double.NaN, averages);
        }
        var correction = 1 - ties / (k * (k * (double)k - 1) * n);
        if (correction <= 0)
        {
            return new FriedmanResult(k, n, 0, 1, averages);
        }
        var statistic = (12.0 / (k * n * (k + 1.0)) * sums.Sum(r => r * r) - 3.0 * n * (k + 1)) / correction;
        var p = SpecialFunctions.GammaUpperRegularized((k - 1) / 2.0, Math.Max(statistic, 0) / 2);
        return new FriedmanResult(k, n, statistic, p, averages);
    }
}
