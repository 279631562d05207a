using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Tests.Reports.Statistics;

public class WilcoxonSignedRankTests
{
    public static TheoryData<string> Cases() =>
        new(ScipyFixtures.Group("wilcoxon").Where(c => !c.TryGetProperty("error", out _)).Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statistic_and_p_value_match_scipy(string name)
    {
        var c = ScipyFixtures.Case("wilcoxon", name);
        var x = ScipyFixtures.Numbers(c.GetProperty("x"));
        var y = ScipyFixtures.Numbers(c.GetProperty("y"));

        var result = WilcoxonSignedRank.Test(x.Zip(y, (a, b) => a - b).ToArray());

        ScipyFixtures.Close(ScipyFixtures.Number(c.GetProperty("statistic")), result.Statistic, $"{name} statistic");
        ScipyFixtures.Close(ScipyFixtures.Number(c.GetProperty("pvalue")), result.PValue, $"{name} p-value");
    }

    [Fact]
    public void The_fixtures_are_scipy_1_10s()
    {
        // Later scipy versions changed the exact/approximate choice (ties, zeros); the rules above are 1.10's.
        Assert.Equal("1.10.1", ScipyFixtures.ScipyVersion);
    }

    [Theory]
    [InlineData("exact_n6", true)]
    [InlineData("exact_ties_n8", true)]    // ties but no zeros: still exact in scipy 1.10
    [InlineData("exact_n50", true)]
    [InlineData("zeros_n12", false)]       // a zero difference: normal approximation
    [InlineData("zeros_small_n3", false)]
    [InlineData("approx_n80", false)]      // more than 50 differences
    public void Exact_or_approximate_as_scipy_decides(string name, bool exact)
    {
        var c = ScipyFixtures.Case("wilcoxon", name);
        var d = ScipyFixtures.Numbers(c.GetProperty("x")).Zip(ScipyFixtures.Numbers(c.GetProperty("y")), (a, b) => a - b).ToArray();
        Assert.Equal(exact, WilcoxonSignedRank.Test(d).Exact);
    }

    [Fact]
    public void All_differences_zero_is_no_evidence_where_scipy_refuses()
    {
        Assert.True(ScipyFixtures.Case("wilcoxon", "all_zero").TryGetProperty("error", out _));
        var result = WilcoxonSignedRank.Test([0.0, 0.0, 0.0]);
        Assert.Equal(1.0, result.PValue);
        Assert.Equal(0, result.NonZero);
    }
}
