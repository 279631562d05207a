namespace NmfGrid.Messages;

// The work protocol between workers and the coordinator. Every message that can carry many jobs does: across a
// network a message costs far more than the job bookkeeping it carries (docs/performance.md, "Cluster mode"),
// so short jobs travel in batches while a long job still travels alone, without waiting for company.

/// <summary>
/// Worker → coordinator: I exist, run <paramref name="Slots"/> jobs at once, and may hold up to
/// <paramref name="Prefetch"/> more assigned jobs waiting for a slot. The sender is the worker.
/// </summary>
public sealed record RegisterWorker(string WorkerId, string Host, int Slots, int Prefetch = 0) : IGridMessage;

/// <summary>
/// Worker → coordinator: I can take this many more jobs; send them when there are some (work pulling: nothing is
/// pushed). It states a number, not an increment, so resending it after a coordinator restart is harmless.
/// </summary>
public sealed record RequestWork(string WorkerId, int FreeSlots) : IGridMessage;

/// <summary>Coordinator → workers: new jobs are pending; idle workers should ask again.</summary>
public sealed record WorkIsReady : IGridMessage
{
    public static readonly WorkIsReady Instance = new();
}

/// <summary>One job for a worker; the lease ends at LeaseDeadline unless heartbeats extend it.</summary>
public sealed record AssignJob(JobSpec Job, int Attempt, DateTimeOffset LeaseDeadline) : IGridMessage;

/// <summary>
/// Coordinator → worker: run these jobs (as many as the worker last said it could take, or fewer), with the configuration
/// points they run, each once however many of its jobs the message holds.
/// </summary>
public sealed record AssignJobs(IReadOnlyList<AssignJob> Jobs, IReadOnlyList<PointSpec> Points) : IGridMessage;

/// <summary>
/// One attempt at one job: what heartbeats and acknowledgements name. SweepId is the sweep the job was assigned for
/// (each sweep is an entity of its own: the dispatcher routes by it); null in outboxes written before it existed.
/// </summary>
public sealed record JobAttempt(string JobId, int Attempt, string? SweepId = null) : IGridMessage;

/// <summary>
/// Worker → coordinator: these held jobs have not started and will not soon (a job ahead of them turned out
/// slow); give them to someone else. A released attempt does not count against the job's attempts.
/// </summary>
public sealed record ReleaseJobs(string WorkerId, IReadOnlyList<JobAttempt> Attempts) : IGridMessage;

/// <summary>Worker → coordinator: still working on (or holding) these attempts.</summary>
public sealed record JobHeartbeats(string WorkerId, IReadOnlyList<JobAttempt> Attempts) : IGridMessage;

/// <summary>How one attempt ended, as a worker reports it: a <see cref="JobSucceeded"/> or a <see cref="JobFailed"/>.</summary>
public interface IJobOutcome : IGridMessage
{
    string JobId { get; }

    int Attempt { get; }

    /// <summary>The sweep the job was assigned for; null in outboxes written before it existed.</summary>
    string? SweepId { get; }
}

/// <summary>The attempt finished. Resent until acknowledged.</summary>
public sealed record JobSucceeded(string JobId, int Attempt, string WorkerId, JobResult Result, string? SweepId = null) : IJobOutcome;

/// <summary>The attempt failed. Retryable failures (a timeout, a lost file lock) are tried again; others are final.</summary>
public sealed record JobFailed(string JobId, int Attempt, string WorkerId, string Error, bool Retryable, string? SweepId = null) : IJobOutcome;

/// <summary>
/// Worker → coordinator: attempts that finished since the last report (or resent, not yet acknowledged), and
/// how many more jobs the worker can take now — a <see cref="RequestWork"/> riding along, so a finished job
/// and the request for the next one cost one message.
/// </summary>
public sealed record JobOutcomes(string WorkerId, IReadOnlyList<JobSucceeded> Succeeded, IReadOnlyList<JobFailed> Failed, int FreeSlots)
    : IGridMessage
{
    public int Count => Succeeded.Count + Failed.Count;

    /// <summary>Every attempt reported here, successes first (what one acknowledgement names).</summary>
    public IEnumerable<JobAttempt> Attempts() =>
        Succeeded.Concat<IJobOutcome>(Failed).Select(o => new JobAttempt(o.JobId, o.Attempt, o.SweepId));
}

/// <summary>Coordinator → worker: the outcomes of these attempts are recorded (or were stale and ignored); forget them.</summary>
public sealed record OutcomesAcknowledged(IReadOnlyList<JobAttempt> Attempts) : IGridMessage;
