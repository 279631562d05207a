namespace NmfGrid.Coordinator.Tests.Architecture;

/// <summary>
/// The rule checker fails where it must: on a deliberately built arrow in this test assembly (Samples.Lower.ReachesUp
/// calls Samples.Upper.Top and Samples.Upper.Side), on an allowed arrow used beyond what it allows, and on an allowed
/// arrow the code no longer has.
/// </summary>
public sealed class DependencyRuleTests
{
    private const string Lower = "NmfGrid.Coordinator.Tests.Architecture.Samples.Lower";
    private const string Upper = "NmfGrid.Coordinator.Tests.Architecture.Samples.Upper";
    private static readonly System.Reflection.Assembly[] Scanned = [typeof(DependencyRuleTests).Assembly];

    [Fact]
    public void An_arrow_that_breaks_the_rule_is_named()
    {
        var problems = new DependencyRule(Lower, Upper).Check(Scanned);
        Assert.Equal([$"{Lower}.ReachesUp → {Upper}"], problems);
    }

    [Fact]
    public void The_rule_holds_the_other_way()
    {
        Assert.Empty(new DependencyRule(Upper, "NmfGrid.Coordinator.Tests.Architecture.Samples.Nowhere").Check(Scanned));
    }

    [Fact]
    public void An_allowed_arrow_lets_exactly_its_type_through()
    {
        var allowed = new DependencyRule(Lower, [Upper], [new($"{Lower}.ReachesUp", Upper, "sample")]);
        Assert.Empty(allowed.Check(Scanned));

        var partly = new DependencyRule(Lower, [Upper], [new($"{Lower}.ReachesUp", $"{Upper}.Top", "sample")]);
        Assert.Equal([$"{Lower}.ReachesUp → {Upper}, beyond what it is allowed ({Upper}.Top)"], partly.Check(Scanned));

        var both = new DependencyRule(Lower, [Upper],
            [new($"{Lower}.ReachesUp", $"{Upper}.Top", "sample"), new($"{Lower}.ReachesUp", $"{Upper}.Side", "sample")]);
        Assert.Empty(both.Check(Scanned));
    }

    [Fact]
    public void An_allowed_arrow_the_code_no_longer_has_is_reported()
    {
        var stale = new DependencyRule(Lower, [Upper], [new($"{Lower}.ReachesUp", Upper, "sample"), new($"{Lower}.StaysDown", Upper, "sample")]);
        Assert.Equal([$"allowed arrow {Lower}.StaysDown → {Upper} is gone from the code: delete it from the rule"], stale.Check(Scanned));
    }
}
