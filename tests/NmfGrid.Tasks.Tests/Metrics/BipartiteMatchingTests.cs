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

    [Fact]
    public void Array_search_picks_the_pairs_of_the_dictionary_search_on_random_graphs()
    {
        // The same pairs, not just as many: the average overlap ratio depends on which ones are chosen.
        var random = new Random(12);
        for (var trial = 0; trial < 3000; trial++)
        {
            var lefts = random.Next(0, 14);
            var rights = random.Next(1, 14);
            var density = random.NextDouble();
            // Left names in a shuffled order (as mir_eval's graphs come in scan order), neighbours in any order.
            var names = Enumerable.Range(0, lefts).Select(u => 3 * u + 1).OrderBy(_ => random.Next()).ToArray();
            var graph = new List<(int Left, IReadOnlyList<int> Rights)>();
            foreach (var u in names)
            {
                var vs = Enumerable.Range(0, rights).Where(_ => random.NextDouble() < density).Select(v => 5 * v).OrderBy(_ => random.Next()).ToArray();
                if (vs.Length > 0) graph.Add((u, vs));
            }
            Assert.Equal(DictionarySearch(graph), BipartiteMatching.Maximum(graph));
        }
    }

    [Fact]
    public void Dense_matches_name_the_left_vertex_by_its_place_in_the_graph()
    {
        var matchOf = BipartiteMatching.MatchOfRight([[0, 1], [0]], rightCount: 3);
        Assert.Equal([1, 0, -1], matchOf);
    }

    /// <summary>The search as it was written before it ran over arrays (dictionaries keyed by vertex name): the oracle.</summary>
    private static List<(int Left, int Right)> DictionarySearch(IReadOnlyList<(int Left, IReadOnlyList<int> Rights)> graph)
    {
        var neighbours = graph.ToDictionary(g => g.Left, g => g.Rights);
        var matchOf = new Dictionary<int, int>();
        foreach (var (u, vs) in graph)
        {
            foreach (var v in vs)
            {
                if (matchOf.TryAdd(v, u)) break;
            }
        }
        var matchedLefts = new HashSet<int>(matchOf.Values);
        const int FreeLayer = int.MinValue;
        while (true)
        {
            var predsOfRight = new Dictionary<int, List<int>>();
            var unmatchedRights = new List<int>();
            var predOfLeft = new Dictionary<int, int>();
            var layer = new List<int>();
            foreach (var (u, _) in graph)
            {
                if (matchedLefts.Contains(u)) continue;
                predOfLeft[u] = FreeLayer;
                layer.Add(u);
            }
            while (layer.Count > 0 && unmatchedRights.Count == 0)
            {
                var newLayerOrder = new List<int>();
                var newLayer = new Dictionary<int, List<int>>();
                foreach (var u in layer)
                {
                    foreach (var v in neighbours[u])
                    {
                        if (predsOfRight.ContainsKey(v)) continue;
                        if (!newLayer.TryGetValue(v, out var list))
                        {
                            list = [];
                            newLayer[v] = list;
                            newLayerOrder.Add(v);
                        }
                        list.Add(u);
                    }
                }
                layer = [];
                foreach (var v in newLayerOrder)
                {
                    predsOfRight[v] = newLayer[v];
                    if (matchOf.TryGetValue(v, out var u))
                    {
                        layer.Add(u);
                        predOfLeft[u] = v;
                    }
                    else
                    {
                        unmatchedRights.Add(v);
                    }
                }
            }
            if (unmatchedRights.Count == 0) break;
            foreach (var v in unmatchedRights) Augment(v);
            matchedLefts = new HashSet<int>(matchOf.Values);

            bool Augment(int v)
            {
                if (!predsOfRight.Remove(v, out var lefts)) return false;
                foreach (var u in lefts)
                {
                    if (!predOfLeft.Remove(u, out var pu)) continue;
                    if (pu == FreeLayer || Augment(pu))
                    {
                        matchOf[v] = u;
                        return true;
                    }
                }
                return false;
            }
        }
        return matchOf.Select(p => (p.Value, p.Key)).OrderBy(p => p.Key).ThenBy(p => p.Value).ToList();
    }
}
