using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// The sweep coordinator's state and decisions, without actors: every job of every submitted sweep, the queue
/// of pending jobs, and who holds which lease. Decide* methods only look at the state and return the events
/// that should happen; <see cref="Apply"/> is the only way the state changes, so replaying the persisted
/// events rebuilds it exactly. Jobs are keyed by id (a hash of resolved config and track): submitting the
/// same sweep again reuses finished results.
/// </summary>
public sealed class SweepLedger
{
    private readonly Dictionary<string, SweepDefinition> _sweeps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobEntry> _jobs = new(StringComparer.Ordinal);
    // Pending jobs by sweep, served in turn by share (FairQueue). Lazy deletion: an id may be stale there (leased or
    // finished since); leasing skips those.
    private readonly FairQueue _pending = new();
    private readonly RunningLeases _running = new();

    public IReadOnlyDictionary<string, SweepDefinition> Sweeps => _sweeps;

    public IReadOnlyDictionary<string, JobEntry> Jobs => _jobs;

    public IReadOnlyCollection<JobEntry> Running => _running.Entries;

    public bool HasPending => _pending.Any(IsPending);

    /// <summary>Jobs waiting for a worker, of every sweep here (an entity's ledger holds one).</summary>
    public int PendingCount { get; private set; }

    /// <summary>Jobs pending or running: a sweep is finished when none is.</summary>
    public int OpenCount => PendingCount + _running.Count;

    private bool IsPending(string jobId) => _jobs[jobId].Status == JobStatus.Pending;

    private int ShareOf(string sweepId) => _sweeps.TryGetValue(sweepId, out var sweep) ? sweep.Share : 1;

    public JobEntry? Job(string jobId) => _jobs.GetValueOrDefault(jobId);

    /// <summary>How many leases this worker holds now.</summary>
    public int HeldBy(string workerId) => _running.HeldBy(workerId);

    /// <summary>Jobs of this sweep that an earlier run already finished.</summary>
    public int AlreadyDone(SweepDefinition sweep) =>
        sweep.Jobs.Count(j => _jobs.TryGetValue(j.JobId, out var e) && e.Status == JobStatus.Succeeded);

    // ---- decisions: state in, events out ----

    /// <summary>
    /// The next pending job for this worker, leased for its sweep's lease time, or null when none is waiting. Sweeps
    /// take turns by their share (<see cref="FairQueue"/>), so a small sweep is not starved behind a huge one.
    /// </summary>
    public JobLeased? DecideLease(string workerId, string host, DateTimeOffset now)
    {
        if (_pending.Peek(IsPending, ShareOf) is not { } id)
        {
            return null;
        }
        var entry = _jobs[id];
        return new JobLeased(id, entry.Attempt + 1, workerId, host, now + _sweeps[entry.Spec.SweepId].Lease);
    }

    /// <summary>A heartbeat extends the lease of the attempt it names, if that attempt still holds it.</summary>
    public LeaseExtended? DecideHeartbeat(string jobId, int attempt, DateTimeOffset now) =>
        _running.DecideHeartbeat(jobId, attempt, now, LeaseOf);

    /// <summary>
    /// The first success for a job is recorded, from whichever attempt it comes: jobs are deterministic, so an
    /// attempt presumed lost (even one given up on) that finishes after all is as good as the current one.
    /// Later successes are ignored.
    /// </summary>
    public JobCompleted? DecideSuccess(string jobId, int attempt, JobResult result) =>
        _jobs.TryGetValue(jobId, out var e) && e.Status != JobStatus.Succeeded && attempt >= 1 && attempt <= e.Attempt
            ? new JobCompleted(jobId, attempt, result)
            : null;

    /// <summary>A failure counts only for the attempt that holds the lease; it is final when not retryable or out of attempts.</summary>
    public JobAttemptFailed? DecideFailure(string jobId, int attempt, string error, bool retryable) =>
        _running.DecideFailure(jobId, attempt, error, retryable);

    /// <summary>A job a worker gives back unstarted, if that worker still holds that attempt.</summary>
    public JobReleased? DecideRelease(string jobId, int attempt, string workerId) => _running.DecideRelease(jobId, attempt, workerId);

    /// <summary>Every lease a dead worker held goes back to the queue (or fails, when it was the last attempt).</summary>
    public IReadOnlyList<ISweepEvent> DecideWorkerLost(string workerId, string reason) => _running.DecideWorkerLost(workerId, reason);

    /// <summary>Leases past their deadline: the worker is hung or gone without the cluster noticing yet.</summary>
    public IReadOnlyList<ISweepEvent> DecideExpiredLeases(DateTimeOffset now) => _running.DecideExpiredLeases(now);

    /// <summary>Cancelling stops every job of the sweep still pending or running; null when none is (or the sweep is unknown).</summary>
    public SweepCancelled? DecideCancel(string sweepId, string reason) =>
        JobsOf(sweepId, JobStatus.Pending, JobStatus.Running).Any() ? new SweepCancelled(sweepId, reason) : null;

    /// <summary>Retrying puts every failed job of the sweep back in the queue; null when none failed (or the sweep is unknown).</summary>
    public FailedJobsRetried? DecideRetryFailed(string sweepId) =>
        JobsOf(sweepId, JobStatus.Failed).Any() ? new FailedJobsRetried(sweepId) : null;

    /// <summary>The sweep's jobs in one of these states, each once (a sweep submitted in parts may list a job twice).</summary>
    public IEnumerable<JobEntry> JobsOf(string sweepId, params JobStatus[] states) =>
        _sweeps.TryGetValue(sweepId, out var sweep)
            ? sweep.Jobs.Select(j => j.JobId).Distinct(StringComparer.Ordinal).Select(id => _jobs[id]).Where(e => states.Contains(e.Status))
            : [];

    /// <summary>After a restart every running job gets a fresh deadline (see <see cref="RunningLeases.Rearmed"/>).</summary>
    public void RearmLeases(DateTimeOffset now, TimeSpan? grace = null)
    {
        foreach (var e in _running.Rearmed(now, grace, LeaseOf))
        {
            Set(e);
        }
    }

    private TimeSpan LeaseOf(JobEntry e) => _sweeps[e.Spec.SweepId].Lease;

    // ---- the only mutator ----

    public void Apply(ISweepEvent @event)
    {
        switch (@event)
        {
            case SweepSubmitted submitted:
                // A sweep arrives in parts when it is large (SweepParts); a known id gains the part's jobs. One from a
                // journal written before configuration points existed has its configs moved from its jobs to its points.
                var part = submitted.Sweep.WithPoints();
                _sweeps[part.SweepId] = _sweeps.TryGetValue(part.SweepId, out var known) ? SweepParts.Merge(known, part) : part;
                foreach (var job in part.Jobs)
                {
                    if (!_jobs.TryGetValue(job.JobId, out var existing))
                    {
                        Set(new JobEntry(job, JobStatus.Pending, 0, part.MaxAttempts, null, null, null, null, null));
                        _pending.Enqueue(part.SweepId, job.JobId);
                    }
                    else if (existing.Status == JobStatus.Failed)
                    {
                        // A failed job is tried again when its sweep is submitted again.
                        Set(existing with { Status = JobStatus.Pending, AttemptsLeft = part.MaxAttempts, Error = null });
                        _pending.Enqueue(part.SweepId, job.JobId);
                    }
                }
                break;
            case SweepImported imported:
                // The sweep's state as the single coordinator of earlier builds left it (migration): each job as it was.
                Load(imported.Ledger);
                break;
            case JobsLeased batch:
                foreach (var lease in batch.Leases)
                {
                    Apply(lease);
                }
                break;
            case JobsCompleted batch:
                foreach (var completion in batch.Completions)
                {
                    Apply(completion);
                }
                break;
            case JobsReused reused:
                // Taken over from another sweep: a job this ledger meanwhile saw succeed (a ledger holding both sweeps)
                // keeps its own result.
                foreach (var completion in reused.Results.Where(c => _jobs[c.JobId].Status != JobStatus.Succeeded))
                {
                    Apply(completion);
                }
                break;
            case JobLeased l:
                _pending.Leased(l.JobId);
                Set(_jobs[l.JobId] with
                {
                    Status = JobStatus.Running, Attempt = l.Attempt, AttemptsLeft = _jobs[l.JobId].AttemptsLeft - 1,
                    WorkerId = l.WorkerId, Host = l.Host, Deadline = l.Deadline,
                });
                break;
            case LeaseExtended x:
                Set(_jobs[x.JobId] with { Deadline = x.Deadline });
                break;
            case JobCompleted c:
                Set(_jobs[c.JobId] with
                {
                    Status = JobStatus.Succeeded, Result = c.Result, Deadline = null, Error = null,
                    WorkerId = c.Result.WorkerId, Host = c.Result.Host,
                });
                break;
            case JobAttemptFailed f when f.Final:
                Set(_jobs[f.JobId] with { Status = JobStatus.Failed, Error = f.Error, Deadline = null });
                break;
            case JobAttemptFailed f:
                Set(_jobs[f.JobId] with { Status = JobStatus.Pending, Error = f.Error, WorkerId = null, Deadline = null });
                _pending.Enqueue(_jobs[f.JobId].Spec.SweepId, f.JobId);
                break;
            case JobReleased r:
                // Never started: the attempt it was leased under is given back.
                Set(_jobs[r.JobId] with
                {
                    Status = JobStatus.Pending, AttemptsLeft = _jobs[r.JobId].AttemptsLeft + 1, WorkerId = null, Deadline = null,
                });
                _pending.Enqueue(_jobs[r.JobId].Spec.SweepId, r.JobId);
                break;
            case JobRequeued r:
                Set(_jobs[r.JobId] with { Status = JobStatus.Pending, Error = r.Reason, WorkerId = null, Deadline = null });
                _pending.Enqueue(_jobs[r.JobId].Spec.SweepId, r.JobId);
                break;
            case SweepCancelled c:
                // A running job's worker is not stopped: it runs out, and a success it still reports is kept (the first
                // success of a job counts); its heartbeats and failures no longer match a lease and are ignored.
                foreach (var e in JobsOf(c.SweepId, JobStatus.Pending, JobStatus.Running).ToArray())
                {
                    Set(e with { Status = JobStatus.Failed, Error = $"cancelled: {c.Reason}", Deadline = null });
                }
                break;
            case FailedJobsRetried r:
                var maxAttempts = _sweeps[r.SweepId].MaxAttempts;
                foreach (var e in JobsOf(r.SweepId, JobStatus.Failed).ToArray())
                {
                    Set(e with { Status = JobStatus.Pending, AttemptsLeft = maxAttempts, Error = null, WorkerId = null });
                    _pending.Enqueue(r.SweepId, e.Spec.JobId);
                }
                break;
            default:
                throw new ArgumentException($"The sweep ledger does not know the event {@event.GetType().Name}.", nameof(@event));
        }
    }

    private void Set(JobEntry entry)
    {
        if (_jobs.TryGetValue(entry.Spec.JobId, out var previous) && previous.Status == JobStatus.Pending)
        {
            PendingCount--;
        }
        if (entry.Status == JobStatus.Pending)
        {
            PendingCount++;
        }
        _jobs[entry.Spec.JobId] = entry;
        if (entry.Status == JobStatus.Running)
        {
            _running.Hold(entry);
        }
        else
        {
            _running.Release(entry.Spec.JobId);
        }
    }

    public LedgerSnapshot ToSnapshot() => new(_sweeps.Values.ToArray(), _jobs.Values.Select(e => e.ToSnapshot()).ToArray());

    public static SweepLedger FromSnapshot(LedgerSnapshot snapshot)
    {
        var ledger = new SweepLedger();
        ledger.Load(snapshot);
        return ledger;
    }

    /// <summary>The snapshot's sweeps and jobs replace what this ledger holds of them.</summary>
    private void Load(LedgerSnapshot snapshot)
    {
        foreach (var sweep in snapshot.Sweeps)
        {
            _sweeps[sweep.SweepId] = sweep.WithPoints();
        }
        foreach (var j in snapshot.Jobs)
        {
            var entry = JobEntry.From(j);
            Set(entry);
            if (entry.Status == JobStatus.Pending)
            {
                _pending.Enqueue(entry.Spec.SweepId, entry.Spec.JobId);
            }
        }
    }

    /// <summary>
    /// One sweep's part of this ledger: its definition and its jobs (what its entity holds). Null when the sweep is unknown.
    /// A job shared with another sweep (the same configuration on the same track) is in both parts.
    /// </summary>
    public LedgerSnapshot? SnapshotOf(string sweepId) =>
        _sweeps.TryGetValue(sweepId, out var sweep)
            ? new LedgerSnapshot([sweep], sweep.Jobs.Select(j => _jobs[j.JobId].ToSnapshot()).ToArray())
            : null;

    /// <summary>The sweep's counts, and the mean of each of <paramref name="metrics"/> over its succeeded jobs that report it.</summary>
    public SweepProgress Progress(string sweepId, IReadOnlyList<string>? metrics = null)
    {
        var sweep = _sweeps[sweepId];
        int succeeded = 0, failed = 0, running = 0, pending = 0;
        var perHost = new Dictionary<string, int>(StringComparer.Ordinal);
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        foreach (var job in sweep.Jobs)
        {
            var e = _jobs[job.JobId];
            switch (e.Status)
            {
                case JobStatus.Succeeded:
                    succeeded++;
                    foreach (var metric in metrics ?? [])
                    {
                        if (e.Result?.Metrics.TryGetValue(metric, out var value) == true && double.IsFinite(value))
                        {
                            var (sum, count) = sums.GetValueOrDefault(metric);
                            sums[metric] = (sum + value, count + 1);
                        }
                    }
                    perHost[e.Host ?? "?"] = perHost.GetValueOrDefault(e.Host ?? "?") + 1;
                    break;
                case JobStatus.Failed:
                    failed++;
                    break;
                case JobStatus.Running:
                    running++;
                    break;
                default:
                    pending++;
                    break;
            }
        }
        return new SweepProgress(sweepId, sweep.Jobs.Count, succeeded, failed, running, pending, perHost,
            metrics is null ? null : sums.ToDictionary(m => m.Key, m => m.Value.Sum / m.Value.Count, StringComparer.Ordinal));
    }
}
