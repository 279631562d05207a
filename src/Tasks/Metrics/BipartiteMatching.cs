namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Maximum-cardinality bipartite matching by Hopcroft–Karp: a greedy start, then rounds of BFS layering
/// from the free left vertices and DFS augmenting paths back through the layers, until no augmenting path
/// remains (Hopcroft &amp; Karp 1973). Vertices are visited in the order mir_eval's util._bipartite_match
/// visits them (graph order, then neighbour order), so the chosen pairs — which the average overlap ratio
/// depends on — are the same, not just the cardinality.
/// </summary>
/// <remarks>
/// The search runs over arrays indexed by vertex (<see cref="MatchOfRight"/>), not over dictionaries and lists of
/// tuples: those are generic instantiations over value types that the ReadyToRun images do not hold, and the JIT
/// compiling them was most of each worker's first structure song's task stage (docs/performance.md, "Structure task").
/// </remarks>
public static class BipartiteMatching
{
    /// <summary>
    /// <paramref name="graph"/>: left vertices in iteration order, each with its right neighbours in order.
    /// Returns the matched pairs (Left, Right) sorted by Right, then Left.
    /// </summary>
    public static IReadOnlyList<(int Left, int Right)> Maximum(IReadOnlyList<(int Left, IReadOnlyList<int> Rights)> graph)
    {
        // Vertex names to dense indices: lefts by their place in the graph, rights by their first appearance.
        var lefts = new Dictionary<int, int>(graph.Count);
        var rights = new Dictionary<int, int>();
        var rightNames = new List<int>();
        var neighbours = new int[graph.Count][];
        for (var i = 0; i < graph.Count; i++)
        {
            var (u, vs) = graph[i];
            if (!lefts.TryAdd(u, i))
                throw new ArgumentException($"Left vertex {u} appears twice in the graph.", nameof(graph));
            neighbours[i] = new int[vs.Count];
            for (var k = 0; k < vs.Count; k++)
            {
                if (!rights.TryGetValue(vs[k], out var v))
                {
                    v = rightNames.Count;
                    rights.Add(vs[k], v);
                    rightNames.Add(vs[k]);
                }
                neighbours[i][k] = v;
            }
        }
        var matchOf = MatchOfRight(neighbours, rightNames.Count);
        var pairs = new List<(int Left, int Right)>();
        for (var v = 0; v < matchOf.Length; v++)
        {
            if (matchOf[v] >= 0) pairs.Add((graph[matchOf[v]].Left, rightNames[v]));
        }
        pairs.Sort((a, b) => a.Right != b.Right ? a.Right.CompareTo(b.Right) : a.Left.CompareTo(b.Left));
        return pairs;
    }

    /// <summary>
    /// The matching on dense vertices: left vertex i (graph order) has the right neighbours
    /// <paramref name="neighbours"/>[i] (in order), each in [0, <paramref name="rightCount"/>). Returns, per right
    /// vertex, the left vertex it is matched to, or −1.
    /// </summary>
    public static int[] MatchOfRight(int[][] neighbours, int rightCount)
    {
        var leftCount = neighbours.Length;
        var matchOf = new int[rightCount];
        for (var v = 0; v < rightCount; v++) matchOf[v] = -1;
        for (var u = 0; u < leftCount; u++)
        {
            foreach (var v in neighbours[u])
            {
                if (matchOf[v] < 0)
                {
                    matchOf[v] = u;
                    break;
                }
            }
        }

        // Per round, a right vertex's predecessors (the lefts of the layer before that reached it, in visiting order)
        // are a linked list in entryLeft/entryNext; rights and lefts are "in" predsOfRight / predOfLeft while their
        // stamp is the round's number (a removal resets it), so nothing is cleared between rounds.
        var edges = 0;
        foreach (var row in neighbours) edges += row.Length;
        var entryLeft = new int[edges];
        var entryNext = new int[edges];
        var head = new int[rightCount];
        var tail = new int[rightCount];
        var predsStamp = new int[rightCount];
        var newLayerStamp = new int[rightCount];
        var predOfLeft = new int[leftCount];
        var predOfLeftStamp = new int[leftCount];
        var matchedLeft = new bool[leftCount];
        var layer = new int[leftCount];
        var nextLayer = new int[leftCount];
        var newLayerOrder = new int[rightCount];
        var unmatchedRights = new int[rightCount];
        MarkMatched(matchOf, matchedLeft);

        // In predOfLeft, FreeLayer marks a free left vertex of the first layer.
        const int FreeLayer = -1;
        var round = 0;
        while (true)
        {
            round++;
            var entries = 0;
            var unmatched = 0;
            var layerCount = 0;
            for (var u = 0; u < leftCount; u++)
            {
                if (matchedLeft[u]) continue;
                predOfLeft[u] = FreeLayer;
                predOfLeftStamp[u] = round;
                layer[layerCount++] = u;
            }

            while (layerCount > 0 && unmatched == 0)
            {
                var orderCount = 0;
                for (var i = 0; i < layerCount; i++)
                {
                    var u = layer[i];
                    foreach (var v in neighbours[u])
                    {
                        if (predsStamp[v] == round) continue;
                        if (newLayerStamp[v] != round)
                        {
                            newLayerStamp[v] = round;
                            head[v] = -1;
                            newLayerOrder[orderCount++] = v;
                        }
                        entryLeft[entries] = u;
                        entryNext[entries] = -1;
                        if (head[v] < 0) head[v] = entries;
                        else entryNext[tail[v]] = entries;
                        tail[v] = entries++;
                    }
                }
                var nextCount = 0;
                for (var k = 0; k < orderCount; k++)
                {
                    var v = newLayerOrder[k];
                    predsStamp[v] = round;
                    if (matchOf[v] >= 0)
                    {
                        var u = matchOf[v];
                        nextLayer[nextCount++] = u;
                        predOfLeft[u] = v;
                        predOfLeftStamp[u] = round;
                    }
                    else
                    {
                        unmatchedRights[unmatched++] = v;
                    }
                }
                (layer, nextLayer) = (nextLayer, layer);
                layerCount = nextCount;
            }

            if (unmatched == 0) break;

            for (var k = 0; k < unmatched; k++) Augment(unmatchedRights[k]);
            MarkMatched(matchOf, matchedLeft);

            // Search backwards through the layers for an alternating path ending at right vertex v.
            bool Augment(int v)
            {
                if (predsStamp[v] != round) return false;
                predsStamp[v] = 0;
                for (var e = head[v]; e >= 0; e = entryNext[e])
                {
                    var u = entryLeft[e];
                    if (predOfLeftStamp[u] != round) continue;
                    predOfLeftStamp[u] = 0;
                    var pu = predOfLeft[u];
                    if (pu == FreeLayer || Augment(pu))
                    {
                        matchOf[v] = u;
                        return true;
                    }
                }
                return false;
            }
        }
        return matchOf;
    }

    private static void MarkMatched(int[] matchOf, bool[] matchedLeft)
    {
        Array.Clear(matchedLeft);
        foreach (var u in matchOf)
        {
            if (u >= 0) matchedLeft[u] = true;
        }
    }
}
