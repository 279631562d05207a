using NmfGrid.Messages;

namespace NmfGrid.Node.Workers;

/// <summary>
/// Runs one job of a configuration point to its metrics: the per-track pipeline, or anything else a sweep's task
/// needs. Called off the actor thread; it must honour the token. Throwing marks the attempt failed (see
/// <see cref="JobFailureKind"/>).
/// </summary>
public interface IJobRunner
{
    JobResult Run(JobSpec job, PointSpec point, CancellationToken cancellation);
}
