namespace NmfGrid.Messages;

/// <summary>Worker → coordinator: I exist and can run this many jobs at once. The sender is the worker.</summary>
public sealed record RegisterWorker(string WorkerId, string Host, int Slots) : IGridMessage;

/// <summary>
/// Worker → coordinator: I have this many free slots; send jobs when there are some (work pulling: nothing is
/// pushed). It states a number, not an increment, so resending it after a coordinator restart is harmless.
/// </summary>
public sealed record RequestWork(string WorkerId, int FreeSlots) : IGridMessage;

/// <summary>Coordinator → workers: new jobs are pending; idle workers should ask again.</summary>
public sealed record WorkIsReady : IGridMessage
{
    public static readonly WorkIsReady Instance = new();
}

/// <summary>Coordinator → worker: run this job; the lease ends at LeaseDeadline unless heartbeats extend it.</summary>
public sealed record AssignJob(JobSpec Job, int Attempt, DateTimeOffset LeaseDeadline) : IGridMessage;

/// <summary>Worker → coordinator: still working on this attempt.</summary>
public sealed record JobHeartbeat(string JobId, int Attempt, string WorkerId) : IGridMessage;

/// <summary>Worker → coordinator: the attempt finished. Resent until acknowledged.</summary>
public sealed record JobSucceeded(string JobId, int Attempt, string WorkerId, JobResult Result) : IGridMessage;

/// <summary>Worker → coordinator: the attempt failed. Retryable failures (a timeout, a lost file lock) are tried again; others are final.</summary>
public sealed record JobFailed(string JobId, int Attempt, string WorkerId, string Error, bool Retryable) : IGridMessage;

/// <summary>Coordinator → worker: the outcome of this attempt is recorded (or was stale and ignored); forget it.</summary>
public sealed record OutcomeAcknowledged(string JobId, int Attempt) : IGridMessage;
