using NmfGrid.Coordinator.Config;

namespace NmfGrid.Coordinator.Tests.Config;

public class OverrideParserTests
{
    [Theory]
    [InlineData("a.b=1", OverrideKind.Set)]
    [InlineData("+a.b=1", OverrideKind.Add)]
    [InlineData("++a.b=1", OverrideKind.ForceAdd)]
    [InlineData("~a.b=1", OverrideKind.Delete)]
    public void Prefix_selects_the_kind_of_override(string text, OverrideKind kind)
    {
        var o = OverrideParser.Parse(text);
        Assert.Equal(kind, o.Kind);
        Assert.Equal(["a.b"], o.Keys);
        Assert.Equal(1L, o.Choices[0][0]);
        Assert.False(o.IsSweep);
    }

    [Fact]
    public void Delete_without_value_has_no_choices()
    {
        var o = OverrideParser.Parse("~algorithm.beta");
        Assert.Equal(OverrideKind.Delete, o.Kind);
        Assert.Empty(o.Choices);
    }

    [Theory]
    [InlineData("x=42", 42L)]
    [InlineData("x=-1_000", -1000L)]
    [InlineData("x=1e-3", 0.001)]
    [InlineData("x=0.5", 0.5)]
    [InlineData("x=true", true)]
    [InlineData("x=False", false)]
    [InlineData("x=null", null)]
    [InlineData("x='1,2'", "1,2")]
    [InlineData("x=\"hello world\"", "hello world")]
    [InlineData("x=nndsvda", "nndsvda")]
    [InlineData("x=a\\,b", "a,b")]
    [InlineData("x=", null)]
    public void Values_are_typed_like_yaml(string text, object? expected)
    {
        Assert.Equal(expected, OverrideParser.Parse(text).Choices[0][0]);
    }

    [Fact]
    public void Lists_and_maps_are_values_not_sweeps()
    {
        var list = OverrideParser.Parse("x=[1,2,'a']");
        Assert.False(list.IsSweep);
        Assert.Equal(new List<object?> { 1L, 2L, "a" }, list.Choices[0][0]);
        var map = OverrideParser.Parse("x={a:1,b:[2,3]}");
        var value = Assert.IsType<ConfigMap>(map.Choices[0][0]);
        Assert.Equal(1L, value["a"]);
        Assert.Equal(new List<object?> { 2L, 3L }, value["b"]);
    }

    [Fact]
    public void Comma_list_is_a_sweep()
    {
        var o = OverrideParser.Parse("algorithm.rank=10,20,30");
        Assert.True(o.IsSweep);
        Assert.Equal([10L, 20L, 30L], o.Choices.Select(c => c[0]));
    }

    [Fact]
    public void Choice_is_a_sweep_even_with_one_value()
    {
        var o = OverrideParser.Parse("algorithm=choice(mu)");
        Assert.True(o.IsSweep);
        Assert.Equal(["mu"], o.Choices.Select(c => c[0]));
    }

    [Theory]
    [InlineData("x=range(3)", new[] { 0.0, 1, 2 })]
    [InlineData("x=range(2,8,2)", new[] { 2.0, 4, 6 })]
    [InlineData("x=range(0,1,0.25)", new[] { 0.0, 0.25, 0.5, 0.75 })]
    [InlineData("x=range(5,0,-2)", new[] { 5.0, 3, 1 })]
    public void Range_follows_python_semantics(string text, double[] expected)
    {
        var values = OverrideParser.Parse(text).Choices.Select(c => Convert.ToDouble(c[0])).ToArray();
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Integer_range_gives_integers()
    {
        Assert.All(OverrideParser.Parse("x=range(1,4)").Choices, c => Assert.IsType<long>(c[0]));
    }

    [Fact]
    public void Zip_pairs_values_across_keys()
    {
        var o = OverrideParser.Parse("zip(algorithm.rank,algorithm.beta)=(10,1.0),(20,2)");
        Assert.True(o.IsSweep);
        Assert.Equal(["algorithm.rank", "algorithm.beta"], o.Keys);
        Assert.Equal(2, o.Choices.Count);
        Assert.Equal([20L, 2L], o.Choices[1]);
    }

    [Theory]
    [InlineData("novalue", "expected key=value")]
    [InlineData("a b=1", "not a valid key")]
    [InlineData("x=[1,2", "unbalanced")]
    [InlineData("x='open", "unterminated quote")]
    [InlineData("x=range(1,2,0)", "step must not be 0")]
    [InlineData("x=range(a)", "range() takes")]
    [InlineData("zip(a,b)=(1,2),(3)", "has 1 values for 2 keys")]
    [InlineData("zip(a,b)=1,2", "parenthesised tuples")]
    [InlineData("zip(a,a)=(1,2)", "names a key twice")]
    public void Malformed_overrides_name_the_override_and_the_problem(string text, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => OverrideParser.Parse(text));
        Assert.Contains($"override '{text}'", e.Message);
        Assert.Contains(problem, e.Message);
    }
}
