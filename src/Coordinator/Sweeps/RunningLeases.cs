using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// The leases held now: each running job's entry by job id, and how many each worker holds (a worker's request is
/// bounded by that on every call). Both the whole-history <see cref="SweepLedger"/> and an entity's
/// <see cref="SweepState"/> keep their running jobs here, so the decisions that only look at a lease (a heartbeat,
/// a failure, a release, a lost worker, an expired deadline) are made by one piece of code.
/// </summary>
public sealed class RunningLeases
{
    private readonly Dictionary<string, JobEntry> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);

    public int Count => _running.Count;

    public IReadOnlyCollection<JobEntry> Entries => _running.Values;

    public bool TryGet(string jobId, out JobEntry entry) => _running.TryGetValue(jobId, out entry!);

    public int HeldBy(string workerId) => _held.GetValueOrDefault(workerId);

    /// <summary>A job's entry now running (a new lease, or a running one with a new deadline).</summary>
    public void Hold(JobEntry entry)
    {
        Release(entry.Spec.JobId);
        _running[entry.Spec.JobId] = entry;
        if (entry.WorkerId is { } holder) _held[holder] = _held.GetValueOrDefault(holder) + 1;
    }

    /// <summary>The job is no longer running (or never was).</summary>
    public void Release(string jobId)
    {
        if (_running.Remove(jobId, out var was) && was.WorkerId is { } before) _held[before]--;
    }

    // ---- decisions: a lease in, events out ----

    /// <summary>A heartbeat extends the lease of the attempt it names, if that attempt still holds it.</summary>
    public LeaseExtended? DecideHeartbeat(string jobId, int attempt, DateTimeOffset now, Func<JobEntry, TimeSpan> leaseOf) =>
        _running.TryGetValue(jobId, out var e) && e.Attempt == attempt ? new LeaseExtended(jobId, attempt, now + leaseOf(e)) : null;

    /// <summary>A failure counts only for the attempt that holds the lease; it is final when not retryable or out of attempts.</summary>
    public JobAttemptFailed? DecideFailure(string jobId, int attempt, string error, bool retryable) =>
        _running.TryGetValue(jobId, out var e) && e.Attempt == attempt
            ? new JobAttemptFailed(jobId, attempt, error, Final: !retryable || e.AttemptsLeft <= 0)
            : null;

    /// <summary>A job a worker gives back unstarted, if that worker still holds that attempt.</summary>
    public JobReleased? DecideRelease(string jobId, int attempt, string workerId) =>
        _running.TryGetValue(jobId, out var e) && e.Attempt == attempt && e.WorkerId == workerId ? new JobReleased(jobId, attempt) : null;

    /// <summary>Every lease a dead worker held goes back to the queue (or fails, when it was the last attempt).</summary>
    public IReadOnlyList<ISweepEvent> DecideWorkerLost(string workerId, string reason) =>
        _running.Values.Where(e => e.WorkerId == workerId).Select(e => Requeue(e, reason)).ToArray();

    /// <summary>Leases past their deadline: the worker is hung or gone without the cluster noticing yet.</summary>
    public IReadOnlyList<ISweepEvent> DecideExpiredLeases(DateTimeOffset now) =>
        _running.Values.Where(e => e.Deadline < now).Select(e => Requeue(e, $"lease expired at {e.Deadline:O}")).ToArray();

    /// <summary>
    /// After a restart nobody can know which leases are alive, so every running job gets a fresh deadline: live workers
    /// keep it with their next heartbeat, dead ones lose it when it expires. A grace shorter than the lease (cluster
    /// mode) makes an assignment lost with the old coordinator go back to the queue within the grace rather than a whole
    /// lease later; a live worker's heartbeat restores the full lease.
    /// </summary>
    public IReadOnlyList<JobEntry> Rearmed(DateTimeOffset now, TimeSpan? grace, Func<JobEntry, TimeSpan> leaseOf) =>
        _running.Values.Select(e =>
        {
            var lease = leaseOf(e);
            return e with { Deadline = now + (grace is { } g && g < lease ? g : lease) };
        }).ToArray();

    private static ISweepEvent Requeue(JobEntry e, string reason) =>
        e.AttemptsLeft <= 0
            ? new JobAttemptFailed(e.Spec.JobId, e.Attempt, $"gave up after {e.Attempt} attempts; last: {reason}", Final: true)
            : new JobRequeued(e.Spec.JobId, e.Attempt, reason);
}
