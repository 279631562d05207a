namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// The pending jobs of every sweep, one queue per sweep, served in turn: weighted round robin, each sweep taking up to
/// its share of leases in a row before the next sweep with pending work gets its turn. A small sweep submitted behind
/// a huge one starts at once instead of after it, and two sweeps of share 2 and 1 get two jobs in three and one.
/// Entries may be stale (the job was leased, finished or given up since it was queued); the caller says which are
/// still pending, and stale ones are dropped as they are met. Deterministic: the same calls give the same order.
/// </summary>
public sealed class FairQueue
{
    private readonly Dictionary<string, Queue<string>> _bySweep = new(StringComparer.Ordinal);
    // Sweeps with queued entries, in the order their turns come; the first is the one being served.
    private readonly LinkedList<string> _turns = new();
    private int _servedInTurn;

    public void Enqueue(string sweepId, string jobId)
    {
        if (!_bySweep.TryGetValue(sweepId, out var queue))
        {
            _bySweep[sweepId] = queue = new Queue<string>();
        }
        if (queue.Count == 0)
        {
            _turns.AddLast(sweepId);
        }
        queue.Enqueue(jobId);
    }

    /// <summary>Whether any queued job is still pending.</summary>
    public bool Any(Func<string, bool> isPending) => _bySweep.Values.Any(q => q.Any(isPending));

    /// <summary>
    /// The next pending job in turn, without taking it (<see cref="Leased"/> does, once it is leased); stale entries met
    /// on the way are dropped. <paramref name="shareOf"/> gives a sweep's share (at least 1).
    /// </summary>
    public string? Peek(Func<string, bool> isPending, Func<string, int> shareOf)
    {
        while (_turns.First is { } turn)
        {
            var queue = _bySweep[turn.Value];
            while (queue.TryPeek(out var id) && !isPending(id))
            {
                queue.Dequeue();
            }
            if (queue.Count == 0)
            {
                _turns.RemoveFirst();
                _servedInTurn = 0;
                continue;
            }
            if (_servedInTurn >= Math.Max(1, shareOf(turn.Value)) && _turns.Count > 1)
            {
                // This sweep had its share of the turn: to the back of the line.
                _turns.RemoveFirst();
                _turns.AddLast(turn.Value);
                _servedInTurn = 0;
                continue;
            }
            return queue.Peek();
        }
        return null;
    }

    /// <summary>
    /// A job was leased: when it is the one <see cref="Peek"/> gave, it leaves its queue and counts against its sweep's
    /// turn. A lease replayed from the journal may name another (its entry is then dropped as stale when met).
    /// </summary>
    public void Leased(string jobId)
    {
        if (_turns.First is not { } turn) return;
        var queue = _bySweep[turn.Value];
        if (!queue.TryPeek(out var head) || head != jobId) return;
        queue.Dequeue();
        _servedInTurn++;
        if (queue.Count == 0)
        {
            _turns.RemoveFirst();
            _servedInTurn = 0;
        }
    }
}
