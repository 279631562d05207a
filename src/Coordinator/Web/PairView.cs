using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// Two configurations compared on one metric over the tracks both succeeded on: each track's pair of values (for the
/// scatter) and <see cref="PairedComparison"/> of B against A (mean of B − A with its bootstrap interval, Wilcoxon p,
/// wins/ties/losses of B), exactly the numbers summary.md gives.
/// </summary>
public sealed record PairView(string Task, string Metric, bool LowerIsBetter, bool DirectionDeclared, ConfigurationRef A, ConfigurationRef B,
                              IReadOnlyList<TrackPair> Tracks, PairedComparison Comparison)
{
    public static PairView Of(string task, string metric, bool lowerIsBetter, bool declared, ConfigurationScores a, ConfigurationScores b)
    {
        var tracks = a.Scores.Keys.Where(b.Scores.ContainsKey).Order(StringComparer.Ordinal)
            .Select(t => new TrackPair(t, a.Scores[t], b.Scores[t])).ToArray();
        return new PairView(task, metric, lowerIsBetter, declared, new ConfigurationRef(a.Point, a.Label), new ConfigurationRef(b.Point, b.Label),
                            tracks, PairedComparison.Of(b, a, lowerIsBetter));
    }
}

public sealed record ConfigurationRef(int Point, string Configuration);

public sealed record TrackPair(string Track, double A, double B);

/// <summary>
/// Many configurations ranked on one metric (<see cref="MetricComparison"/>): the Friedman test and average ranks over
/// the tracks all of them succeeded on, the Nemenyi critical difference, and each against the best by mean with
/// Holm-adjusted p-values.
/// </summary>
public sealed record RankingView(string Task, string Metric, bool LowerIsBetter, bool DirectionDeclared, IReadOnlyList<RankedConfiguration> Ranking,
                                 int Tracks, FriedmanResult Friedman, double CriticalDifference, double Alpha, string Baseline,
                                 IReadOnlyList<PairedComparison> Paired, IReadOnlyList<double> HolmPValues)
{
    public static RankingView Of(string task, bool declared, MetricComparison c)
    {
        var ranking = c.Configurations.Select((s, j) => new RankedConfiguration(s.Point, s.Label, c.Friedman.AverageRanks[j],
                c.Complete.Count == 0 ? double.NaN : c.Complete.Average(t => s.Scores[t]), s.Scores.Count))
            .OrderBy(r => r.AverageRank).ThenBy(r => r.Point).ToArray();
        return new RankingView(task, c.Metric, c.LowerIsBetter, declared, ranking, c.Complete.Count, c.Friedman, c.CriticalDifference,
                               NemenyiCriticalDifference.Alpha, c.Baseline.Label, c.Paired, c.HolmPValues);
    }
}

/// <summary>A configuration's average rank (1 = best) and mean over the tracks every ranked configuration has.</summary>
public sealed record RankedConfiguration(int Point, string Configuration, double AverageRank, double Mean, int Tracks);
