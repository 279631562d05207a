namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>
/// A configuration against a baseline over the tracks both have a value on: the mean of the per-track differences
/// (candidate − baseline, in the metric's units) with its bootstrap interval, the Wilcoxon signed-rank test of those
/// differences, and how many tracks the candidate wins, ties and loses (by the metric's direction).
/// </summary>
public sealed record PairedComparison(
    string Candidate,
    string Baseline,
    int Tracks,
    double MeanDifference,
    Interval Interval,
    WilcoxonResult Wilcoxon,
    int Wins,
    int Ties,
    int Losses)
{
    /// <summary>Tracks are paired by id, in ordinal order of their ids (the bootstrap draws from them in that order).</summary>
    public static PairedComparison Of(ConfigurationScores candidate, ConfigurationScores baseline, bool lowerIsBetter)
    {
        var tracks = candidate.Scores.Keys.Where(baseline.Scores.ContainsKey).Order(StringComparer.Ordinal).ToArray();
        var differences = tracks.Select(t => candidate.Scores[t] - baseline.Scores[t]).ToArray();
        var better = differences.Count(d => lowerIsBetter ? d < 0 : d > 0);
        var ties = differences.Count(d => d == 0);
        return new PairedComparison(
            candidate.Label, baseline.Label, tracks.Length,
            tracks.Length == 0 ? double.NaN : differences.Average(),
            Bootstrap.MeanInterval(differences),
            WilcoxonSignedRank.Test(differences),
            better, ties, tracks.Length - better - ties);
    }
}
