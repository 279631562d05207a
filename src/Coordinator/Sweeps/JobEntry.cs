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
    string? Error)
{
    /// <summary>The entry as it is stored in a snapshot and paged to clients.</summary>
    public JobSnapshot ToSnapshot() => new(Spec, Status.ToString(), Attempt, AttemptsLeft, WorkerId, Host, Deadline, Result, Error);

    /// <summary>
    /// The entry a snapshot stored. A snapshot written before configuration points existed holds the job's config on its
    /// spec; the sweep's points hold it now (<see cref="SweepDefinition.WithPoints"/>), so it is dropped here.
    /// </summary>
    public static JobEntry From(JobSnapshot j) => new(
        j.Spec.ConfigJson is null ? j.Spec : j.Spec with { ConfigJson = null }, Enum.Parse<JobStatus>(j.Status), j.Attempt, j.AttemptsLeft,
        j.WorkerId, j.Host, j.Deadline, j.Result, j.Error);
}
