namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>
/// Everything a report (and later a results page) says when it compares a task's configurations on one metric:
/// every configuration against the baseline (paired over shared tracks, p-values also Holm-adjusted over those
/// comparisons), and the Friedman ranking with the Nemenyi critical difference over the tracks every configuration
/// has a value on (Complete). The direction is the caller's: the task declares it with its headline.
/// </summary>
public sealed record MetricComparison(
    string Metric,
    bool LowerIsBetter,
    IReadOnlyList<ConfigurationScores> Configurations,
    ConfigurationScores Baseline,
    bool BaselineNamed,
    IReadOnlyList<PairedComparison> Paired,
    IReadOnlyList<double> HolmPValues,
    IReadOnlyList<string> Complete,
    FriedmanResult Friedman,
    double CriticalDifference)
{
    /// <summary>
    /// <paramref name="baselinePoint"/>: the configuration the config names (report.baseline), when it is one of these
    /// and has values; otherwise the best by mean (ties: the earlier point). Null when fewer than two configurations have values.
    /// </summary>
    public static MetricComparison? Of(IReadOnlyList<ConfigurationScores> configurations, string metric, bool lowerIsBetter, int? baselinePoint)
    {
        var scored = configurations.Where(c => c.Scores.Count > 0).ToArray();
        if (scored.Length < 2)
        {
            return null;
        }
        var named = scored.FirstOrDefault(c => c.Point == baselinePoint);
        var baseline = named ?? (lowerIsBetter ? scored.OrderBy(c => c.Mean) : scored.OrderByDescending(c => c.Mean)).ThenBy(c => c.Point).First();
        var paired = scored.Where(c => c != baseline).Select(c => PairedComparison.Of(c, baseline, lowerIsBetter)).ToArray();
        var complete = scored.Skip(1).Aggregate(scored[0].Scores.Keys.ToHashSet(StringComparer.Ordinal),
            (common, c) => { common.IntersectWith(c.Scores.Keys); return common; }).Order(StringComparer.Ordinal).ToArray();
        var table = complete.Select(t => (IReadOnlyList<double>)scored.Select(c => c.Scores[t]).ToArray()).ToArray();
        var friedman = FriedmanTest.Test(table, lowerIsBetter);
        var cd = complete.Length == 0 ? double.NaN : NemenyiCriticalDifference.Of(scored.Length, complete.Length);
        return new MetricComparison(metric, lowerIsBetter, scored, baseline, named is not null, paired,
                                    HolmCorrection.Adjust(paired.Select(p => p.Wilcoxon.PValue).ToArray()), complete, friedman, cd);
    }
}
