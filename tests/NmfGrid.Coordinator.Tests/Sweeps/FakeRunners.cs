using System.Collections.Concurrent;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>A runner that scores each track by its index and counts how often each job ran.</summary>
internal sealed class CountingRunner(Func<JobSpec, CancellationToken, JobResult?>? behaviour = null) : IJobRunner
{
    public ConcurrentDictionary<string, int> Runs { get; } = new();

    public JobResult Run(JobSpec job, PointSpec point, CancellationToken cancellation)
    {
        Runs.AddOrUpdate(job.JobId, 1, (_, n) => n + 1);
        return behaviour?.Invoke(job, cancellation) ?? Score(job);
    }

    public static JobResult Score(JobSpec job) => new(
        new Dictionary<string, double> { ["score"] = job.Seed * 0.5 }, new StageTimings(0, 0, 0, 0, 0), 1, 0.0, [0.0],
        "managed", 1, "", "");
}

/// <summary>A runner that never finishes on its own: it waits until cancelled, like a job on a node about to die.</summary>
internal sealed class HangingRunner : IJobRunner
{
    public ConcurrentBag<string> Started { get; } = [];

    public JobResult Run(JobSpec job, PointSpec point, CancellationToken cancellation)
    {
        Started.Add(job.JobId);
        cancellation.WaitHandle.WaitOne();
        cancellation.ThrowIfCancellationRequested();
        throw new InvalidOperationException("unreachable");
    }
}
