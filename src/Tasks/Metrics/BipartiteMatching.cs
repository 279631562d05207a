namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Maximum-cardinality bipartite matching by Hopcroft–Karp: a greedy start, then rounds of BFS layering
/// from the free left vertices and DFS augmenting paths back through the layers, until no augmenting path
/// remains (Hopcroft &amp; Karp 1973). Vertices are visited in the order mir_eval's util._bipartite_match
/// visits them (graph order, then neighbour order), so the chosen pairs — which the average overlap ratio
/// depends on — are the same, not just the cardinality.
/// </summary>
public static class BipartiteMatching
{
    /// <summary>
    /// <paramref name="graph"/>: left vertices in iteration order, each with its right neighbours in order.
    /// Returns the matched pairs (Left, Right) sorted by Right, then Left.
    /// </summary>
    public static IReadOnlyList<(int Left, int Right)> Maximum(IReadOnlyList<(int Left, IReadOnlyList<int> Rights)> graph)
    {
        var neighbours = new Dictionary<int, IReadOnlyList<int>>(graph.Count);
        foreach (var (u, vs) in graph)
        {
            if (!neighbours.TryAdd(u, vs))
                throw new ArgumentException($"Left vertex {u} appears twice in the graph.", nameof(graph));
        }

        // matchOf[right] = left.
        var matchOf = new Dictionary<int, int>();
        foreach (var (u, vs) in graph)
        {
            foreach (var v in vs)
            {
                if (matchOf.TryAdd(v, u)) break;
            }
        }
        var matchedLefts = new HashSet<int>(matchOf.Values);

        // In pred, the flag FreeLayer marks a free left vertex of the first layer.
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

            // Search backwards through the layers for an alternating path ending at right vertex v.
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

        var pairs = new List<(int Left, int Right)>(matchOf.Count);
        foreach (var (v, u) in matchOf) pairs.Add((u, v));
        pairs.Sort((a, b) => a.Right != b.Right ? a.Right.CompareTo(b.Right) : a.Left.CompareTo(b.Left));
        return pairs;
    }
}
