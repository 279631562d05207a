namespace NmfGrid.Messages;

/// <summary>What the sweep coordinator persists: replaying these rebuilds its state exactly.</summary>
public interface ISweepEvent : IGridMessage;

public sealed record SweepSubmitted(SweepDefinition Sweep) : ISweepEvent;

/// <summary>A job was handed to a worker for this attempt, until Deadline.</summary>
public sealed record JobLeased(string JobId, int Attempt, string WorkerId, string Host, DateTimeOffset Deadline) : ISweepEvent;

/// <summary>
/// Leases decided together (one worker's share of one dispatch), stored as one event: per job, an event costs
/// the journal a row, a serialization and a round of parameter binding, which short jobs feel.
/// </summary>
public sealed record JobsLeased(IReadOnlyList<JobLeased> Leases) : ISweepEvent;

/// <summary>A lease was extended by a heartbeat. Not persisted (a restart re-arms every lease anyway).</summary>
public sealed record LeaseExtended(string JobId, int Attempt, DateTimeOffset Deadline) : ISweepEvent;

public sealed record JobCompleted(string JobId, int Attempt, JobResult Result) : ISweepEvent;

/// <summary>Results that arrived together (one worker's report), stored as one event.</summary>
public sealed record JobsCompleted(IReadOnlyList<JobCompleted> Completions) : ISweepEvent;

/// <summary>
/// Results a newly submitted sweep takes over from other sweeps that finished the same jobs (same job id: same resolved
/// configuration and track), stored once with the submission: the jobs are not run again. Not a completion: the journal
/// holds one <see cref="JobCompleted"/> per job that ran, in the sweep that ran it.
/// </summary>
public sealed record JobsReused(string SweepId, IReadOnlyList<JobCompleted> Results) : ISweepEvent;

/// <summary>An attempt failed; Final says whether the job is given up (not retryable, or out of attempts).</summary>
public sealed record JobAttemptFailed(string JobId, int Attempt, string Error, bool Final) : ISweepEvent;

/// <summary>A worker gave back a job it held but never started; the attempt is not counted.</summary>
public sealed record JobReleased(string JobId, int Attempt) : ISweepEvent;

/// <summary>A leased job went back to the queue: its worker died, its lease expired, or the coordinator restarted.</summary>
public sealed record JobRequeued(string JobId, int Attempt, string Reason) : ISweepEvent;

/// <summary>
/// A person cancelled the sweep: every job of it still pending or running is failed with the reason (the jobs are
/// those of the sweep at that point of the log, so replaying it changes the same ones).
/// </summary>
public sealed record SweepCancelled(string SweepId, string Reason) : ISweepEvent;

/// <summary>A person asked for the sweep's failed jobs again: each goes back to the queue with its attempts restored.</summary>
public sealed record FailedJobsRetried(string SweepId) : ISweepEvent;

/// <summary>The coordinator's whole state at one point of its log, so recovery need not replay from the start.</summary>
public sealed record LedgerSnapshot(IReadOnlyList<SweepDefinition> Sweeps, IReadOnlyList<JobSnapshot> Jobs) : IGridMessage;

/// <summary>One job inside a <see cref="LedgerSnapshot"/>; Status is the name of its state (Pending, Running, Succeeded, Failed).</summary>
public sealed record JobSnapshot(
    JobSpec Spec,
    string Status,
    int Attempt,
    int AttemptsLeft,
    string? WorkerId,
    string? Host,
    DateTimeOffset? Deadline,
    JobResult? Result,
    string? Error) : IGridMessage;
