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

    // Ids, labels, status, timings and the JSON punctuation around them.
    private const int Overhead = 1024;

    /// <summary>
    /// The first jobs of <paramref name="jobs"/>, at most <paramref name="maxJobs"/>, whose estimated size stays within
    /// <paramref name="maxBytes"/>; never none while there are jobs (one over the budget travels alone).
    /// </summary>
    public static IReadOnlyList<JobSnapshot> Take(IEnumerable<JobSnapshot> jobs, int maxJobs, long maxBytes = MaxBytes)
    {
        var page = new List<JobSnapshot>();
        long bytes = 0;
        foreach (var job in jobs)
        {
            if (page.Count >= maxJobs)
            {
                break;
            }
            var size = EstimatedBytes(job);
            if (page.Count > 0 && bytes + size > maxBytes)
            {
                break;
            }
            page.Add(job);
            bytes += size;
        }
        return page;
    }

    /// <summary>A job's size as JSON, roughly and on the high side: numbers are counted at their longest form.</summary>
    public static long EstimatedBytes(JobSnapshot job)
    {
        long bytes = Overhead + job.Spec.ConfigJson.Length + job.Spec.PointLabel.Length + job.Spec.TrackId.Length + (job.Error?.Length ?? 0);
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
