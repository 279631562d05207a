using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Tests.Reports.Statistics;

public class FriedmanTestTests
{
    public static TheoryData<string> Cases() => new(ScipyFixtures.Group("friedman").Select(c => c.GetProperty("name").GetString()!));

    private static IReadOnlyList<IReadOnlyList<double>> Table(string name) =>
        ScipyFixtures.Case("friedman", name).GetProperty("table").EnumerateArray().Select(row => (IReadOnlyList<double>)ScipyFixtures.Numbers(row)).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statistic_p_value_and_average_ranks_match_scipy(string name)
    {
        var c = ScipyFixtures.Case("friedman", name);

        var result = FriedmanTest.Test(Table(name), lowerIsBetter: false);

        ScipyFixtures.Close(c.GetProperty("statistic").GetDouble(), result.Statistic, $"{name} statistic");
        ScipyFixtures.Close(c.GetProperty("pvalue").GetDouble(), result.PValue, $"{name} p-value");
        var ranks = ScipyFixtures.Numbers(c.GetProperty("average_ranks_higher_better"));
        for (var j = 0; j < ranks.Length; j++)
            ScipyFixtures.Close(ranks[j], result.AverageRanks[j], $"{name} average rank of configuration {j}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lower_is_better_reverses_the_ranks_and_keeps_the_test(string name)
    {
        var higher = FriedmanTest.Test(Table(name), lowerIsBetter: false);
        var lower = FriedmanTest.Test(Table(name), lowerIsBetter: true);

        var k = higher.Configurations;
        for (var j = 0; j < k; j++)
            ScipyFixtures.Close(k + 1 - higher.AverageRanks[j], lower.AverageRanks[j], $"{name} rank {j}");
        ScipyFixtures.Close(higher.Statistic, lower.Statistic, $"{name} statistic");
    }

    [Fact]
    public void Two_configurations_get_ranks_but_no_test()
    {
        var result = FriedmanTest.Test([[1.0, 2.0], [3.0, 1.0], [2.0, 5.0]], lowerIsBetter: true);

        Assert.Equal([4 / 3.0, 5 / 3.0], result.AverageRanks);
        Assert.True(double.IsNaN(result.PValue));
    }

    [Fact]
    public void A_table_tied_on_every_track_is_no_evidence()
    {
        var result = FriedmanTest.Test([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]], lowerIsBetter: false);

        Assert.Equal(1.0, result.PValue);
        Assert.Equal([2.0, 2.0, 2.0], result.AverageRanks);
    }
}
