namespace NmfGrid.Coordinator.Sweeps;

/// <summary>How the sweep coordinator keeps time and its log.</summary>
public sealed record CoordinatorSettings
{
    /// <summary>
    /// The persistence id of the single coordinator of earlier builds, whose journal is read once and converted into
    /// sweep entities (<see cref="LegacyJournalImport"/>). It also names this grid's entities: tests that share one
    /// database give each grid its own, and every persistence id, tag and shard type below derives from it.
    /// </summary>
    public string PersistenceId { get; init; } = DefaultPersistenceId;

    public const string DefaultPersistenceId = "sweep-coordinator";

    // The shipped grid's names are plain (sweep-<id>, tag "sweep"); a grid with its own PersistenceId prefixes them with it.
    private string Prefix => PersistenceId == DefaultPersistenceId ? "" : PersistenceId + ".";

    /// <summary>The persistence id of one sweep's entity: <c>sweep-&lt;id&gt;</c>.</summary>
    public string SweepPersistenceId(string sweepId) => SweepPersistencePrefix + sweepId;

    /// <summary>What every sweep entity's persistence id starts with (and nothing else of this grid's does).</summary>
    public string SweepPersistencePrefix => Prefix + "sweep-";

    /// <summary>Every sweep entity's events carry this tag: the results projector follows them all in one stream.</summary>
    public string SweepEventTag => Prefix + "sweep";

    /// <summary>The shard type name of the sweep entities (cluster mode).</summary>
    public string ShardTypeName => Prefix + "sweep";

    /// <summary>The embedded grid's remembered entities (<see cref="SweepEntities"/>).</summary>
    public string RememberedSweepsId => Prefix + "remembered-sweeps";

    /// <summary>
    /// A sweep entity snapshots once the bytes it journaled since its last snapshot reach the size of that snapshot, and
    /// at least this many.
    /// </summary>
    public long SnapshotBytes { get; init; } = 4L << 20;

    /// <summary>A finished sweep's entity leaves memory after this long without open work.</summary>
    public TimeSpan PassivateFinishedAfter { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan LeaseCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the dispatcher waits for a sweep entity to answer a lease request before it forgets the request and
    /// serves the worker again: a request sent to an entity that had just stopped (a journal write failed) is lost with it.
    /// </summary>
    public TimeSpan LeaseAnswerPatience { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Also a snapshot every this many changes (0: by bytes only, <see cref="SnapshotBytes"/>); tests set it to recover from snapshots.</summary>
    public int SnapshotEvery { get; init; }

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

    /// <summary>
    /// Where a submitted sweep looks up the jobs other sweeps already finished (job id → a sweep holding its success; the
    /// results table: ResultsStore.SucceededIn), to reuse their results instead of running them
    /// again. Null: no reuse across sweeps (a sweep submitted again always reuses its own).
    /// </summary>
    public Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, string>>? FinishedJobs { get; init; }

    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}
