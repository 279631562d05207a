namespace NmfGrid.Coordinator.Tests.Architecture.Samples.Lower;

// A deliberately built layering for DependencyRuleTests: Lower must not reach Upper, and ReachesUp does.

public static class StaysDown
{
    public static int Value() => 1;
}

public static class ReachesUp
{
    public static int Value() => Upper.Top.Value() + Upper.Side.Value();
}
