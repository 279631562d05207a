using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// Where one job stands. Attempt numbers only grow, so a message about an older attempt is recognisably stale;
/// AttemptsLeft is reset when a failed job is submitted again.
/// </summary>
public sealed record JobEntry(
    JobSpec Spec,
    JobStatus Status,
    int Attempt,
    int AttemptsLeft,
    string? WorkerId,
    string? Host,
    DateTimeOffset? Deadline,
    JobResult? Result,
    string? Error);
