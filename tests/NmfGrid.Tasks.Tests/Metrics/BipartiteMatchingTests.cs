using NmfGrid.Tasks.Metrics;

namespace NmfGrid.Tasks.Tests.Metrics;

public class BipartiteMatchingTests
{
    [Fact]
    public void Augmenting_path_beats_the_greedy_start()
    {
        // Greedy takes (0,0); only re-routing 0 to right vertex 1 lets left vertex 1 match.
        var m = BipartiteMatching.Maximum([(0, [0, 1]), (1, [0])]);
        Assert.Equal([(1, 0), (0, 1)], m);
    }

    [Fact]
    public void Maximum_cardinality_on_a_chain_needing_a_long_augmenting_path()
    {
        // left k → rights {k, k+1}, and a last left vertex that only reaches right 0.
        int n = 30;
        var graph = Enumerable.Range(0, n).Select(k => (k, (IReadOnlyList<int>)[k, k + 1])).Append((n, [0])).ToArray();
        var m = BipartiteMatching.Maximum(graph);
        Assert.Equal(n + 1, m.Count);
        Assert.Equal(m.Count, m.Select(p => p.Right).Distinct().Count());
        Assert.All(m, p => Assert.Contains(p.Right, graph.Single(g => g.Item1 == p.Left).Item2));
    }

    [Fact]
    public void Empty_graph_has_no_pairs() => Assert.Empty(BipartiteMatching.Maximum([]));

    [Fact]
    public void Repeated_left_vertex_is_rejected() =>
        Assert.Throws<ArgumentException>(() => BipartiteMatching.Maximum([(0, [0]), (0, [1])]));
}
