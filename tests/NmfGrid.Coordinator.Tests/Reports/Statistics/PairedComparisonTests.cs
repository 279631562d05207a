using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Tests.Reports.Statistics;

public class PairedComparisonTests
{
    private static ConfigurationScores Scores(int point, params (string Track, double Value)[] values) =>
        new(point, $"algorithm.rank={point}", values.ToDictionary(v => v.Track, v => v.Value));

    [Fact]
    public void Only_shared_tracks_are_paired_and_wins_follow_the_metrics_direction()
    {
        var candidate = Scores(1, ("a", 0.5), ("b", 0.3), ("c", 0.4), ("d", 0.9));
        var baseline = Scores(0, ("a", 0.4), ("b", 0.3), ("c", 0.6), ("e", 0.1));

        var higher = PairedComparison.Of(candidate, baseline, lowerIsBetter: false);
        var lower = PairedComparison.Of(candidate, baseline, lowerIsBetter: true);

        Assert.Equal(3, higher.Tracks);
        Assert.Equal((0.1 + 0.0 - 0.2) / 3, higher.MeanDifference, 12);
        Assert.Equal((1, 1, 1), (higher.Wins, higher.Ties, higher.Losses));
        Assert.Equal((1, 1, 1), (lower.Wins, lower.Ties, lower.Losses));
        var better = PairedComparison.Of(Scores(2, ("a", 0.1), ("b", 0.1), ("c", 0.1)), baseline, lowerIsBetter: true);
        Assert.Equal((3, 0, 0), (better.Wins, better.Ties, better.Losses));
        // The zero difference (track b) sends scipy to the normal approximation on the other two.
        Assert.False(higher.Wilcoxon.Exact);
        Assert.Equal(2, higher.Wilcoxon.NonZero);
    }

    [Fact]
    public void The_comparison_tests_the_differences_scipy_would()
    {
        var c = ScipyFixtures.Case("wilcoxon", "exact_n20");
        var x = ScipyFixtures.Numbers(c.GetProperty("x"));
        var y = ScipyFixtures.Numbers(c.GetProperty("y"));
        // Track ids that sort in the fixture's order; the test is symmetric in the sign of the differences.
        var candidate = new ConfigurationScores(1, "x", x.Select((v, i) => ($"t{i:00}", v)).ToDictionary(p => p.Item1, p => p.v));
        var baseline = new ConfigurationScores(0, "y", y.Select((v, i) => ($"t{i:00}", v)).ToDictionary(p => p.Item1, p => p.v));

        var comparison = PairedComparison.Of(candidate, baseline, lowerIsBetter: false);

        ScipyFixtures.Close(c.GetProperty("pvalue").GetDouble(), comparison.Wilcoxon.PValue, "p-value");
        Assert.Equal(x.Zip(y, (a, b) => a - b).Average(), comparison.MeanDifference, 12);
        Assert.True(comparison.Interval.Low <= comparison.MeanDifference && comparison.MeanDifference <= comparison.Interval.High);
    }
}
