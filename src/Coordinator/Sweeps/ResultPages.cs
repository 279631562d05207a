using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// How many of a sweep's jobs one <see cref="SweepResults"/> page carries: as many as an estimated byte budget
/// holds. A count alone either wastes round trips (small results: a 100,000-job sweep took 1,000 asks at 100 a
/// page) or overflows the transport frame (results with long loss histories and factor previews).
/// </summary>
public static class ResultPages
{
    /// <summary>A quarter of the transport frame (16 MiB, hocon/cluster.conf), so an estimate off by 2× still fits.</summary>
    public const long MaxBytes = 4L << 20;

    // Status, attempts, worker, host, timings and the JSON punctuation around them, beyond the spec.
    private const int Overhead = 512;

    /// <summary>
    /// The first jobs of <paramref name="jobs"/>, at most <paramref name="maxJobs"/>, whose estimated size stays within
    /// <paramref name="maxBytes"/>; never none while there are jobs (one over the budget travels alone).
    /// </summary>
    public static IReadOnlyList<JobSnapshot> Take(IEnumerable<JobSnapshot> jobs, int maxJobs, long maxBytes = MaxBytes) =>
        ByteBudget.Pack(jobs.Take(maxJobs), EstimatedBytes, maxBytes).FirstOrDefault() ?? [];

    /// <summary>A job's size as JSON, roughly and on the high side: numbers are counted at their longest form.</summary>
    public static long EstimatedBytes(JobSnapshot job)
    {
        var bytes = Overhead + ByteBudget.Of(job.Spec) + (job.Error?.Length ?? 0);
        if (job.Result is { } result)
        {
            bytes += result.Metrics.Sum(m => m.Key.Length + 28) + result.LossHistory.Count * 25;
            if (result.Factors is { } factors)
            {
                bytes += (factors.W.Count + factors.H.Count) * 16L;
            }
        }
        return bytes;
    }
}
