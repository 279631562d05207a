namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>Counts printed by the commands and reports agree with their nouns ("1 problem", never "1 problems").</summary>
public sealed class PluralTests
{
    [Theory]
    [InlineData(0, "problem", "0 problems")]
    [InlineData(1, "problem", "1 problem")]
    [InlineData(2, "problem", "2 problems")]
    [InlineData(1, "maps track", "1 maps track")]
    [InlineData(3, "contact point", "3 contact points")]
    public void A_count_takes_the_singular_only_for_one(long count, string noun, string expected) =>
        Assert.Equal(expected, Plural.Count(count, noun));
}
