namespace NmfGrid.Coordinator.Tests.Architecture.Samples.Upper;

// The layer above Samples.Lower (see DependencyRuleTests).

public static class Top
{
    public static int Value() => Lower.StaysDown.Value() + 1;
}

public static class Side
{
    public static int Value() => 2;
}
