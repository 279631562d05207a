using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>Packs one worker's assignments into as few <see cref="AssignJobs"/> messages as a byte budget allows.</summary>
public static class AssignmentMessages
{
    // A spec's fixed part (ids, labels, lease) as JSON; its config is counted by length.
    private const int SpecOverhead = 512;

    /// <summary>
    /// Consecutive runs of <paramref name="jobs"/> whose estimated size stays within <paramref name="maxBytes"/>; a
    /// single job over the budget travels alone (the sweep's submission already refused any job over a frame).
    /// </summary>
    public static IEnumerable<AssignJobs> Split(IReadOnlyList<AssignJob> jobs, int maxBytes)
    {
        var batch = new List<AssignJob>();
        long bytes = 0;
        foreach (var job in jobs)
        {
            long size = SpecOverhead + job.Job.ConfigJson.Length + job.Job.PointLabel.Length + job.Job.TrackId.Length;
            if (batch.Count > 0 && bytes + size > maxBytes)
            {
                yield return new AssignJobs(batch);
                batch = new List<AssignJob>();
                bytes = 0;
            }
            batch.Add(job);
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return new AssignJobs(batch);
        }
    }
}
