namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// The dispatcher's view of which sweeps have pending jobs, served in turn: weighted round robin over sweeps, each taking
/// up to its share (`run.share`) of jobs in a row before the next sweep with pending work gets its turn, as
/// <see cref="FairQueue"/> does for jobs inside one ledger. Counts are what the sweeps' entities last said, lowered
/// as jobs are asked for: an entity that has fewer than counted leases fewer and says how many it has left.
/// Deterministic: the same calls give the same order.
/// </summary>
public sealed class OpenSweeps
{
    private readonly Dictionary<string, (int Pending, int Share)> _sweeps = new(StringComparer.Ordinal);
    // Sweeps with pending jobs, in the order their turns come; the first is the one being served.
    private readonly LinkedList<string> _turns = new();
    private int _servedInTurn;

    /// <summary>Sweeps that have anything pending, as last counted.</summary>
    public IReadOnlyCollection<string> Pending => _turns;

    public int PendingOf(string sweepId) => _sweeps.TryGetValue(sweepId, out var s) ? s.Pending : 0;

    /// <summary>What a sweep's entity said it has pending, and its share.</summary>
    public void Update(string sweepId, int pending, int share)
    {
        var had = _sweeps.TryGetValue(sweepId, out var before) && before.Pending > 0;
        if (pending <= 0)
        {
            _sweeps.Remove(sweepId);
            if (had)
            {
                if (_turns.First?.Value == sweepId) _servedInTurn = 0;
                _turns.Remove(sweepId);
            }
            return;
        }
        _sweeps[sweepId] = (pending, Math.Max(1, share));
        if (!had)
        {
            _turns.AddLast(sweepId);
        }
    }

    /// <summary>The sweep whose turn it is for one job, counted as taken; null when no sweep has pending jobs.</summary>
    public string? Take()
    {
        while (_turns.First is { } turn)
        {
            var (pending, share) = _sweeps[turn.Value];
            if (_servedInTurn >= share && _turns.Count > 1)
            {
                // This sweep had its share of the turn: to the back of the line.
                _turns.RemoveFirst();
                _turns.AddLast(turn.Value);
                _servedInTurn = 0;
                continue;
            }
            _servedInTurn = _servedInTurn >= share ? 1 : _servedInTurn + 1;
            if (pending <= 1)
            {
                _sweeps.Remove(turn.Value);
                _turns.RemoveFirst();
                _servedInTurn = 0;
            }
            else
            {
                _sweeps[turn.Value] = (pending - 1, share);
            }
            return turn.Value;
        }
        return null;
    }
}
