namespace NmfGrid.Messages;

/// <summary>A planned sweep: every job it consists of, and how hard to try each one.</summary>
public sealed record SweepDefinition(
    string SweepId,
    string Name,
    string Task,
    string Dataset,
    IReadOnlyList<JobSpec> Jobs,
    int MaxAttempts,
    TimeSpan Lease) : IGridMessage;

/// <summary>Client → coordinator: run this sweep (idempotent: a sweep id already known is continued, not restarted).</summary>
public sealed record SubmitSweep(SweepDefinition Sweep) : IGridMessage;

/// <summary>Coordinator → client: the sweep is known; AlreadyDone jobs were finished by an earlier run and are reused.</summary>
public sealed record SweepAccepted(string SweepId, int Jobs, int AlreadyDone) : IGridMessage;

/// <summary>Client → coordinator: how far is this sweep?</summary>
public sealed record GetSweepProgress(string SweepId) : IGridMessage;

/// <summary>Counts of jobs by state, and the rate each worker host achieves.</summary>
public sealed record SweepProgress(
    string SweepId,
    int Total,
    int Succeeded,
    int Failed,
    int Running,
    int Pending,
    IReadOnlyDictionary<string, int> SucceededPerHost) : IGridMessage
{
    public bool Finished => Succeeded + Failed == Total;
}

/// <summary>Coordinator → client: no sweep with this id was ever submitted to this coordinator's journal.</summary>
public sealed record SweepNotFound(string SweepId) : IGridMessage;
