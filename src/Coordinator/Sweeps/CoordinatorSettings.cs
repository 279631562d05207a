namespace NmfGrid.Coordinator.Sweeps;

/// <summary>How the sweep coordinator keeps time and its log.</summary>
public sealed record CoordinatorSettings
{
    public string PersistenceId { get; init; } = "sweep-coordinator";

    public TimeSpan LeaseCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A snapshot every this many events, or every as many events as the ledger has jobs if that is more, bounds
    /// recovery time on long sweeps at a constant cost per event.
    /// </summary>
    public int SnapshotEvery { get; init; } = 1000;

    /// <summary>
    /// Embedded mode: the workers lived in the coordinator's process, so after a restart every job the log
    /// shows as running is certainly orphaned and goes straight back to the queue instead of waiting out its lease.
    /// </summary>
    public bool RequeueRunningOnRecovery { get; init; }

    /// <summary>
    /// Cluster mode: after a recovery (a singleton hand-over), how long a running job's worker has to heartbeat
    /// before the job is re-queued; null waits a whole lease. Several heartbeat intervals (5 s each) long, so
    /// a live worker whose heartbeats wait in the singleton proxy during the hand-over keeps its job.
    /// </summary>
    public TimeSpan? RecoveredLeaseGrace { get; init; }

    /// <summary>
    /// Jobs for one worker go out in messages of about this many bytes at most (their specs' configs counted):
    /// well inside a transport frame, and small enough that a heartbeat is never stuck behind one for long.
    /// </summary>
    public int MaxAssignmentBytes { get; init; } = 1 << 20;

    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}
