using System.Collections;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// One sweep entity's hot state: what dispatch needs and no history. Every job of the sweep is known by its index (the
/// order its parts listed it) and kept in a <see cref="JobTable"/> (its id and a few numbers, its spec decoded when it is
/// leased) with its state's name; only jobs that are not succeeded and differ
/// from a fresh pending job (attempts made, a lease, an error) have an entry; a succeeded job leaves only its bit and its
/// share of the running sums that progress reports (its host, its metrics). Its result stays in the sweep's events and
/// the results table, where reports, `GetSweepResults` and reuse read it (<see cref="SweepReplay"/>). Decisions and
/// events are those of <see cref="SweepLedger"/> (which still rebuilds a sweep's whole history for those readers), so
/// replaying one log into either gives the same dispatch.
/// </summary>
public sealed class SweepState
{
    private SweepDefinition? _sweep; // the header: Jobs is empty, the jobs are _jobs
    private JobTable _jobs = new();
    private readonly List<JobStatus> _status = [];
    // Jobs not succeeded whose entry differs from a fresh pending one, by index.
    private readonly Dictionary<int, JobEntry> _touched = [];
    // Pending jobs in the order they became pending; lazy deletion as in FairQueue (stale entries are skipped).
    private readonly Queue<int> _pending = new();
    private readonly RunningLeases _running = new();
    private readonly Dictionary<string, int> _perHost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Sum, int Count)> _sums = new(StringComparer.Ordinal);
    private byte[]? _packed; // the packed jobs of the last snapshot, until a part adds jobs
    private byte[]? _packedPoints; // the same for the points
    private int _succeeded, _failed;

    /// <summary>The sweep (its jobs left out: <see cref="Spec"/> gives one), or null before it was submitted.</summary>
    public SweepDefinition? Sweep => _sweep;

    public int JobCount => _jobs.Count;

    public IReadOnlyCollection<JobEntry> Running => _running.Entries;

    /// <summary>Jobs waiting for a worker.</summary>
    public int PendingCount { get; private set; }

    /// <summary>Jobs pending or running: the sweep is finished when none is.</summary>
    public int OpenCount => PendingCount + _running.Count;

    public int FailedCount => _failed;

    public int HeldBy(string workerId) => _running.HeldBy(workerId);

    /// <summary>A job's spec: a running job's is at hand, another's is decoded from the job table.</summary>
    public JobSpec Spec(string jobId) => _running.TryGet(jobId, out var e) ? e.Spec : _jobs.Spec(_jobs.IndexOf(jobId));

    /// <summary>The state of a job of this sweep; null for a job it does not have.</summary>
    public JobStatus? StatusOf(string jobId) => _jobs.TryIndexOf(jobId, out var i) ? _status[i] : null;

    /// <summary>Jobs of this sweep that an earlier run already finished.</summary>
    public int AlreadyDone(SweepDefinition sweep) => sweep.Jobs.Count(j => StatusOf(j.JobId) == JobStatus.Succeeded);

    private int MaxAttempts => _sweep?.MaxAttempts ?? 1;

    private JobEntry Entry(int i) =>
        _touched.TryGetValue(i, out var e) ? e : new JobEntry(_jobs.Spec(i), _status[i], 0, MaxAttempts, null, null, null, null, null);

    private int AttemptOf(int i) => _touched.TryGetValue(i, out var e) ? e.Attempt : 0;

    // ---- decisions: state in, events out (as SweepLedger's) ----

    public JobLeased? DecideLease(string workerId, string host, DateTimeOffset now)
    {
        while (_pending.TryPeek(out var i) && _status[i] != JobStatus.Pending)
        {
            _pending.Dequeue();
        }
        if (!_pending.TryPeek(out var next))
        {
            return null;
        }
        return new JobLeased(_jobs.JobIdOf(next), AttemptOf(next) + 1, workerId, host, now + _sweep!.Lease);
    }

    public LeaseExtended? DecideHeartbeat(string jobId, int attempt, DateTimeOffset now) =>
        _running.DecideHeartbeat(jobId, attempt, now, _ => _sweep!.Lease);

    /// <summary>The first success of a job counts, from any attempt made (see <see cref="SweepLedger.DecideSuccess"/>).</summary>
    public JobCompleted? DecideSuccess(string jobId, int attempt, JobResult result) =>
        _jobs.TryIndexOf(jobId, out var i) && _status[i] != JobStatus.Succeeded && attempt >= 1 && attempt <= AttemptOf(i)
            ? new JobCompleted(jobId, attempt, result)
            : null;

    public JobAttemptFailed? DecideFailure(string jobId, int attempt, string error, bool retryable) =>
        _running.DecideFailure(jobId, attempt, error, retryable);

    public JobReleased? DecideRelease(string jobId, int attempt, string workerId) => _running.DecideRelease(jobId, attempt, workerId);

    public IReadOnlyList<ISweepEvent> DecideWorkerLost(string workerId, string reason) => _running.DecideWorkerLost(workerId, reason);

    public IReadOnlyList<ISweepEvent> DecideExpiredLeases(DateTimeOffset now) => _running.DecideExpiredLeases(now);

    public SweepCancelled? DecideCancel(string sweepId, string reason) => OpenCount > 0 ? new SweepCancelled(sweepId, reason) : null;

    public FailedJobsRetried? DecideRetryFailed(string sweepId) => _failed > 0 ? new FailedJobsRetried(sweepId) : null;

    /// <summary>Every running job gets a fresh deadline after a restart (see <see cref="RunningLeases.Rearmed"/>).</summary>
    public void RearmLeases(DateTimeOffset now, TimeSpan? grace = null)
    {
        if (_sweep is null) return;
        var lease = _sweep.Lease;
        foreach (var e in _running.Rearmed(now, grace, _ => lease))
        {
            Set(_jobs.IndexOf(e.Spec.JobId), e);
        }
    }

    // ---- the only mutator ----

    public void Apply(ISweepEvent @event)
    {
        switch (@event)
        {
            case SweepSubmitted submitted:
                Submit(submitted.Sweep.WithPoints());
                break;
            case SweepImported imported:
                Load(imported.Ledger);
                break;
            case JobsLeased batch:
                foreach (var lease in batch.Leases) Apply(lease);
                break;
            case JobsCompleted batch:
                foreach (var completion in batch.Completions) Apply(completion);
                break;
            case JobsReused reused:
                foreach (var completion in reused.Results.Where(c => StatusOf(c.JobId) is { } s && s != JobStatus.Succeeded))
                {
                    Apply(completion);
                }
                break;
            case JobLeased l:
            {
                var i = _jobs.IndexOf(l.JobId);
                if (_pending.TryPeek(out var head) && head == i) _pending.Dequeue();
                var e = Entry(i);
                Set(i, e with
                {
                    Status = JobStatus.Running, Attempt = l.Attempt, AttemptsLeft = e.AttemptsLeft - 1,
                    WorkerId = l.WorkerId, Host = l.Host, Deadline = l.Deadline,
                });
                break;
            }
            case LeaseExtended x:
                Set(_jobs.IndexOf(x.JobId), Entry(_jobs.IndexOf(x.JobId)) with { Deadline = x.Deadline });
                break;
            case JobCompleted c:
                Succeed(_jobs.IndexOf(c.JobId), c.Result);
                break;
            case JobAttemptFailed f when f.Final:
                Set(_jobs.IndexOf(f.JobId), Entry(_jobs.IndexOf(f.JobId)) with { Status = JobStatus.Failed, Error = f.Error, Deadline = null });
                break;
            case JobAttemptFailed f:
                Requeued(_jobs.IndexOf(f.JobId), e => e with { Status = JobStatus.Pending, Error = f.Error, WorkerId = null, Deadline = null });
                break;
            case JobReleased r:
                Requeued(_jobs.IndexOf(r.JobId), e => e with
                {
                    Status = JobStatus.Pending, AttemptsLeft = e.AttemptsLeft + 1, WorkerId = null, Deadline = null,
                });
                break;
            case JobRequeued r:
                Requeued(_jobs.IndexOf(r.JobId), e => e with { Status = JobStatus.Pending, Error = r.Reason, WorkerId = null, Deadline = null });
                break;
            case SweepCancelled c:
                for (var i = 0; i < _jobs.Count; i++)
                {
                    if (_status[i] is JobStatus.Pending or JobStatus.Running)
                    {
                        Set(i, Entry(i) with { Status = JobStatus.Failed, Error = $"cancelled: {c.Reason}", Deadline = null });
                    }
                }
                break;
            case FailedJobsRetried:
                for (var i = 0; i < _jobs.Count; i++)
                {
                    if (_status[i] == JobStatus.Failed)
                    {
                        Requeued(i, e => e with { Status = JobStatus.Pending, AttemptsLeft = MaxAttempts, Error = null, WorkerId = null });
                    }
                }
                break;
            default:
                throw new ArgumentException($"The sweep state does not know the event {@event.GetType().Name}.", nameof(@event));
        }
    }

    /// <summary>A sweep's first part, or a later one (or the same sweep again): new jobs join, failed ones are tried again.</summary>
    private void Submit(SweepDefinition part)
    {
        if (_sweep is { } known)
        {
            if (known.SweepId != part.SweepId)
            {
                throw new ArgumentException($"cannot add part of sweep {part.SweepId} to sweep {known.SweepId}", nameof(part));
            }
            if (part.MaxAttempts != known.MaxAttempts)
            {
                // Fresh jobs of earlier parts keep the attempts they were given: they become entries before the default changes.
                for (var i = 0; i < _jobs.Count; i++)
                {
                    if (_status[i] == JobStatus.Pending && !_touched.ContainsKey(i)) _touched[i] = Entry(i);
                }
            }
            var indices = (known.Points ?? []).Select(p => p.Index).ToHashSet();
            var points = (part.Points ?? []).Where(p => indices.Add(p.Index)).ToArray();
            _sweep = part with { Jobs = [], Points = points.Length == 0 ? known.Points : [.. known.Points ?? [], .. points] };
            _packedPoints = null;
        }
        else
        {
            _sweep = part with { Jobs = [] };
            _packedPoints = null;
        }
        foreach (var job in part.Jobs)
        {
            if (!_jobs.TryIndexOf(job.JobId, out var i))
            {
                _pending.Enqueue(Add(job));
            }
            else if (_status[i] == JobStatus.Failed)
            {
                Requeued(i, e => e with { Status = JobStatus.Pending, AttemptsLeft = part.MaxAttempts, Error = null });
            }
        }
    }

    /// <summary>A new job, pending.</summary>
    private int Add(JobSpec spec)
    {
        var i = _jobs.Add(spec);
        _status.Add(JobStatus.Pending);
        _packed = null;
        PendingCount++;
        return i;
    }

    private void Requeued(int i, Func<JobEntry, JobEntry> change)
    {
        Set(i, change(Entry(i)));
        _pending.Enqueue(i);
    }

    private void Succeed(int i, JobResult result)
    {
        Leave(i);
        _status[i] = JobStatus.Succeeded;
        _succeeded++;
        Count(result);
    }

    /// <summary>A succeeded job's share of progress: its host, and each metric it reports finite.</summary>
    private void Count(JobResult result)
    {
        _perHost[result.Host] = _perHost.GetValueOrDefault(result.Host) + 1;
        foreach (var (metric, value) in result.Metrics)
        {
            if (double.IsFinite(value))
            {
                var (sum, count) = _sums.GetValueOrDefault(metric);
                _sums[metric] = (sum + value, count + 1);
            }
        }
    }

    /// <summary>The job's old state leaves the counts and indexes (before its new one joins them).</summary>
    private void Leave(int i)
    {
        switch (_status[i])
        {
            case JobStatus.Pending: PendingCount--; break;
            case JobStatus.Failed: _failed--; break;
            case JobStatus.Succeeded: _succeeded--; break;
        }
        // Only a running job is in _running: the others need not have their id decoded.
        if (_status[i] == JobStatus.Running) _running.Release(_jobs.JobIdOf(i));
        _touched.Remove(i);
    }

    /// <summary>A job not succeeded takes this entry.</summary>
    private void Set(int i, JobEntry entry)
    {
        Leave(i);
        _status[i] = entry.Status;
        switch (entry.Status)
        {
            case JobStatus.Pending: PendingCount++; break;
            case JobStatus.Failed: _failed++; break;
            case JobStatus.Running: _running.Hold(entry); break;
        }
        var fresh = entry is { Status: JobStatus.Pending, Attempt: 0, WorkerId: null, Host: null, Deadline: null, Error: null, Result: null }
                    && entry.AttemptsLeft == MaxAttempts;
        if (!fresh) _touched[i] = entry.Result is null ? entry : entry with { Result = null };
    }

    /// <summary>The sweep's counts, and the mean of each of <paramref name="metrics"/> over its succeeded jobs that report it.</summary>
    public SweepProgress Progress(IReadOnlyList<string>? metrics = null)
    {
        var running = _running.Count;
        return new SweepProgress(_sweep!.SweepId, _jobs.Count, _succeeded, _failed, running, PendingCount,
            new Dictionary<string, int>(_perHost, StringComparer.Ordinal),
            metrics?.Where(_sums.ContainsKey).Distinct(StringComparer.Ordinal)
                .ToDictionary(m => m, m => _sums[m].Sum / _sums[m].Count, StringComparer.Ordinal));
    }

    // ---- snapshots ----

    public SweepStateSnapshot ToSnapshot()
    {
        _packed ??= PackedJobs.Pack(_jobs);
        _packedPoints ??= PackedJobs.PackPoints(_sweep!.Points ?? []);
        var succeeded = new BitArray(_jobs.Count);
        for (var i = 0; i < _jobs.Count; i++)
        {
            succeeded[i] = _status[i] == JobStatus.Succeeded;
        }
        var bits = new byte[(_jobs.Count + 7) / 8];
        succeeded.CopyTo(bits, 0);
        return new SweepStateSnapshot(_sweep! with { Points = [] }, _packedPoints, _packed, bits,
            _touched.OrderBy(t => t.Key).Select(t => new OpenJobState(t.Key, t.Value.Status.ToString(), t.Value.Attempt, t.Value.AttemptsLeft,
                                                                       t.Value.WorkerId, t.Value.Host, t.Value.Deadline, t.Value.Error)).ToArray(),
            new Dictionary<string, int>(_perHost, StringComparer.Ordinal),
            _sums.ToDictionary(s => s.Key, s => new MetricSum(s.Value.Sum, s.Value.Count), StringComparer.Ordinal));
    }

    public static SweepState FromSnapshot(SweepStateSnapshot snapshot)
    {
        var jobs = PackedJobs.UnpackTable(snapshot.PackedJobs);
        var state = new SweepState
        {
            _sweep = snapshot.Sweep with { Points = PackedJobs.UnpackPoints(snapshot.PackedPoints) },
            _packedPoints = snapshot.PackedPoints,
            _jobs = jobs,
            _packed = snapshot.PackedJobs,
        };
        var succeeded = new BitArray(snapshot.Succeeded);
        state._status.Capacity = jobs.Count;
        for (var i = 0; i < jobs.Count; i++)
        {
            state._status.Add(succeeded[i] ? JobStatus.Succeeded : JobStatus.Pending);
        }
        state._succeeded = state._status.Count(s => s == JobStatus.Succeeded);
        state.PendingCount = jobs.Count - state._succeeded;
        foreach (var open in snapshot.Open)
        {
            state.Set(open.Index, new JobEntry(jobs.Spec(open.Index), Enum.Parse<JobStatus>(open.Status), open.Attempt, open.AttemptsLeft,
                                               open.WorkerId, open.Host, open.Deadline, null, open.Error));
        }
        for (var i = 0; i < jobs.Count; i++)
        {
            if (state._status[i] == JobStatus.Pending) state._pending.Enqueue(i);
        }
        foreach (var (host, count) in snapshot.SucceededPerHost) state._perHost[host] = count;
        foreach (var (metric, sum) in snapshot.MetricSums) state._sums[metric] = (sum.Sum, sum.Count);
        return state;
    }

    /// <summary>The state a whole-ledger snapshot holds (an entity's snapshot of earlier builds, or a migrated sweep).</summary>
    public static SweepState FromLedger(LedgerSnapshot ledger)
    {
        var state = new SweepState();
        state.Load(ledger);
        return state;
    }

    private void Load(LedgerSnapshot ledger)
    {
        var sweep = ledger.Sweeps.Single().WithPoints();
        _sweep = sweep with { Jobs = [] };
        _packedPoints = null;
        foreach (var job in sweep.Jobs.Where(j => !_jobs.TryIndexOf(j.JobId, out _)))
        {
            Add(job);
        }
        foreach (var j in ledger.Jobs)
        {
            var entry = JobEntry.From(j);
            if (!_jobs.TryIndexOf(entry.Spec.JobId, out var i))
            {
                i = Add(entry.Spec);
            }
            if (entry.Status == JobStatus.Succeeded)
            {
                Leave(i);
                _status[i] = JobStatus.Succeeded;
                _succeeded++;
                if (entry.Result is { } result) Count(result);
            }
            else
            {
                Set(i, entry);
            }
        }
        _pending.Clear();
        for (var i = 0; i < _jobs.Count; i++)
        {
            if (_status[i] == JobStatus.Pending) _pending.Enqueue(i);
        }
    }
}
