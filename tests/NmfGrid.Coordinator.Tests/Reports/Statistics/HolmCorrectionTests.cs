using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Tests.Reports.Statistics;

public class HolmCorrectionTests
{
    [Fact]
    public void Step_down_multipliers_and_monotone_order()
    {
        // Sorted: 0.01·4 = 0.04, 0.02·3 = 0.06, 0.03·2 = 0.06, 0.5·1 = 0.5 (statsmodels multipletests 'holm' gives the same).
        Assert.Equal([0.06, 0.04, 0.5, 0.06], HolmCorrection.Adjust([0.03, 0.01, 0.5, 0.02]), new Close());
        // A later product smaller than an earlier one is raised to it (0.011·2 = 0.022 → 0.03); nothing exceeds 1.
        Assert.Equal([0.03, 0.03, 0.9], HolmCorrection.Adjust([0.011, 0.01, 0.9]), new Close());
        Assert.Equal([1.0, 1.0], HolmCorrection.Adjust([0.6, 0.7]), new Close());
    }

    [Fact]
    public void NaN_stays_NaN_and_does_not_count()
    {
        var adjusted = HolmCorrection.Adjust([0.01, double.NaN, 0.04]);
        Assert.Equal(0.02, adjusted[0], 12);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.04, adjusted[2], 12);
    }

    private sealed class Close : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
