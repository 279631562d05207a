namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Which coordinator member's dispatcher serves a worker: of the members, ordered by address, the one at
/// (hash of the worker's node + the worker's index on it) mod their count. A node's workers go to consecutive members,
/// so a node with as many workers as there are members gives each member one, however the node hashes; the same
/// worker and members always give the same member. When a member joins or leaves, the count changes and workers are
/// chosen again (a worker that moves re-registers with its next message; its leases stay with the sweeps).
/// The hash is FNV-1a over the node part of the id (stable across processes, unlike string.GetHashCode).
/// </summary>
public static class DispatcherChoice
{
    /// <summary>The index, among <paramref name="members"/> members, of the one that serves <paramref name="workerId"/>.</summary>
    public static int Of(string workerId, int members)
    {
        if (members <= 1) return 0;
        var (node, index) = Parts(workerId);
        return (int)((Fnv1a(node) + (uint)index) % (uint)members);
    }

    /// <summary>
    /// A worker id as nodes make it, "host:port/worker-3": the node part and the index. An id of another shape is all node,
    /// index 0.
    /// </summary>
    public static (string Node, int Index) Parts(string workerId)
    {
        var slash = workerId.LastIndexOf('/');
        var dash = workerId.LastIndexOf('-');
        return dash > slash && slash >= 0 && int.TryParse(workerId.AsSpan(dash + 1), out var index) && index >= 0
            ? (workerId[..slash], index)
            : (workerId, 0);
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
