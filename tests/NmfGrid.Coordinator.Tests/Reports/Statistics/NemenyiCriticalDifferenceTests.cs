using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Tests.Reports.Statistics;

public class NemenyiCriticalDifferenceTests
{
    [Theory]
    // Demšar (2006), Table 5(a): q_0.05 for k = 2..10.
    [InlineData(2, 1.960)]
    [InlineData(3, 2.343)]
    [InlineData(4, 2.569)]
    [InlineData(5, 2.728)]
    [InlineData(6, 2.850)]
    [InlineData(7, 2.949)]
    [InlineData(8, 3.031)]
    [InlineData(9, 3.102)]
    [InlineData(10, 3.164)]
    public void Q_matches_Demsars_table(int k, double q)
    {
        // The table has three decimals, not all of them rounded (k = 3: 2.3437 is printed 2.343, k = 7: 2.9483 is 2.949).
        Assert.InRange(NemenyiCriticalDifference.Q(k) - q, -1e-3, 1e-3);
    }

    [Fact]
    public void Q_matches_scipys_studentized_range_for_any_k()
    {
        foreach (var c in ScipyFixtures.Group("nemenyi_q"))
        {
            var k = c.GetProperty("k").GetInt32();
            var expected = c.GetProperty("q").GetDouble();
            Assert.True(Math.Abs(expected - NemenyiCriticalDifference.Q(k)) < 1e-6, $"k = {k}: scipy {expected:R}, ours {NemenyiCriticalDifference.Q(k):R}");
        }
    }

    [Fact]
    public void The_critical_difference_shrinks_with_the_square_root_of_the_tracks()
    {
        // Demšar's example: k = 4 classifiers on N = 14 data sets, CD = 2.569 √(4·5 / (6·14)) ≈ 1.25.
        Assert.Equal(1.25, NemenyiCriticalDifference.Of(4, 14), 2);
        Assert.Equal(NemenyiCriticalDifference.Of(4, 14) / 2, NemenyiCriticalDifference.Of(4, 56), 12);
    }
}
