using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Reports;

/// <summary>
/// The results read model as a function of the coordinator's event log: fed the events in log order, it
/// returns the rows each event changed (one row per sweep and job, as results.csv shows them). It replays the
/// events into its own <see cref="SweepLedger"/>, the class the coordinator decides with, so a row is exactly
/// what a report built from the coordinator's state would show.
/// </summary>
public sealed class ResultsProjection
{
    private readonly SweepLedger _ledger = new();
    private readonly Dictionary<string, ResultsTable.Columns> _columns = new(StringComparer.Ordinal);
    // A job id belongs to every sweep that planned the same configuration on the same track.
    private readonly Dictionary<string, List<(string SweepId, JobSpec Spec)>> _sweepsOfJob = new(StringComparer.Ordinal);
    // Each job's attempt history as the grid saw it, the last LogLines lines (a job that loops on requeues stays bounded).
    private readonly Dictionary<string, JobLog> _logs = new(StringComparer.Ordinal);

    /// <summary>How many lines of a job's log the row keeps (the latest).</summary>
    public const int LogLines = 50;

    public IReadOnlyList<ResultRow> Apply(ISweepEvent e)
    {
        switch (e)
        {
            case JobsLeased batch:
                return batch.Leases.SelectMany(Apply).ToArray(); // in order: a later row of one job wins
            case JobsCompleted batch:
                return batch.Completions.SelectMany(Apply).ToArray(); // in order: a later row of one job wins
            case JobsReused reused:
                _ledger.Apply(reused); // the rows of the sweep that took them over
                foreach (var taken in reused.Results)
                {
                    LogOf(taken.JobId).Add($"result of attempt {taken.Attempt} reused by sweep '{reused.SweepId}'");
                }
                return reused.Results.SelectMany(c => RowsOf(c.JobId)).DistinctBy(r => (r.SweepId, r.JobId)).ToArray();
        }
        // The jobs a sweep action changes, taken before it is applied (they are no longer in those states after).
        var acted = e switch
        {
            SweepCancelled c => _ledger.JobsOf(c.SweepId, JobStatus.Pending, JobStatus.Running).Select(j => j.Spec.JobId).ToArray(),
            FailedJobsRetried r => _ledger.JobsOf(r.SweepId, JobStatus.Failed).Select(j => j.Spec.JobId).ToArray(),
            _ => null,
        };
        _ledger.Apply(e);
        if (acted is not null)
        {
            var line = e is SweepCancelled cancelled ? $"cancelled with sweep '{cancelled.SweepId}': {cancelled.Reason}" : "failed job put back in the queue (retried)";
            foreach (var jobId in acted)
            {
                LogOf(jobId).Add(line);
            }
            return acted.SelectMany(RowsOf).DistinctBy(r => (r.SweepId, r.JobId)).ToArray();
        }
        switch (e)
        {
            case SweepSubmitted s:
                // Columns come from the whole sweep as known so far (a large sweep arrives in parts). When a part
                // changes which settings vary, every row of the sweep is written again with the new columns.
                var sweep = _ledger.Sweeps[s.Sweep.SweepId];
                var columns = ResultsTable.Columns.Of(sweep);
                var changed = _columns.TryGetValue(sweep.SweepId, out var before) && !before.SettingKeys.SequenceEqual(columns.SettingKeys);
                _columns[sweep.SweepId] = columns;
                foreach (var job in s.Sweep.Jobs)
                {
                    var sweeps = _sweepsOfJob.TryGetValue(job.JobId, out var list) ? list : _sweepsOfJob[job.JobId] = [];
                    if (!sweeps.Exists(x => x.SweepId == s.Sweep.SweepId))
                    {
                        sweeps.Add((s.Sweep.SweepId, job));
                    }
                }
                // Resubmitting a sweep puts its failed jobs back in the queue, which other sweeps sharing them see too.
                return (changed ? sweep.Jobs : s.Sweep.Jobs).SelectMany(j => RowsOf(j.JobId)).DistinctBy(r => (r.SweepId, r.JobId)).ToArray();
            case JobLeased or JobCompleted or JobAttemptFailed or JobRequeued or JobReleased:
                LogOf(JobId(e)).Add(LineOf(e));
                return RowsOf(JobId(e)).ToArray();
            default:
                return []; // LeaseExtended: a deadline, which the read model does not keep
        }
    }

    private static string JobId(ISweepEvent e) => e switch
    {
        JobLeased l => l.JobId,
        JobCompleted c => c.JobId,
        JobAttemptFailed f => f.JobId,
        JobRequeued r => r.JobId,
        JobReleased r => r.JobId,
        _ => throw new ArgumentException($"{e.GetType().Name} names no job", nameof(e)),
    };

    /// <summary>One event's line in its job's log (the ledger has applied it: the host of a completion is the lease's).</summary>
    private string LineOf(ISweepEvent e) => e switch
    {
        JobLeased l => $"attempt {l.Attempt} leased to {l.WorkerId} on {l.Host}",
        JobCompleted c => $"attempt {c.Attempt} completed by {c.Result.WorkerId} on {(c.Result.Host is { Length: > 0 } h ? h : _ledger.Jobs[c.JobId].ToSnapshot().Host ?? "?")}",
        JobAttemptFailed { Final: true } f => $"attempt {f.Attempt} failed, no attempt left: {f.Error}",
        JobAttemptFailed f => $"attempt {f.Attempt} failed, to be retried: {f.Error}",
        JobRequeued r => $"attempt {r.Attempt} requeued: {r.Reason}",
        JobReleased r => $"attempt {r.Attempt} released by its worker (back in the queue)",
        _ => e.GetType().Name,
    };

    private JobLog LogOf(string jobId) => _logs.TryGetValue(jobId, out var log) ? log : _logs[jobId] = new JobLog();

    private IEnumerable<ResultRow> RowsOf(string jobId)
    {
        var entry = _ledger.Jobs[jobId];
        var snapshot = entry.ToSnapshot();
        var log = _logs.TryGetValue(jobId, out var lines) ? lines.Lines() : null;
        foreach (var (sweepId, spec) in _sweepsOfJob[jobId])
        {
            yield return _columns[sweepId].Row(sweepId, spec, snapshot) with { Log = log };
        }
    }

    /// <summary>A job's latest <see cref="LogLines"/> lines.</summary>
    private sealed class JobLog
    {
        private readonly Queue<string> _lines = new();

        public void Add(string line)
        {
            if (_lines.Count == LogLines)
            {
                _lines.Dequeue();
            }
            _lines.Enqueue(line);
        }

        public IReadOnlyList<string> Lines() => _lines.ToArray();
    }
}
