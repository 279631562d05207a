using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>Packs one worker's assignments into as few <see cref="AssignJobs"/> messages as a byte budget allows.</summary>
public static class AssignmentMessages
{
    /// <summary>
    /// Consecutive runs of <paramref name="jobs"/> whose estimated size stays within <paramref name="maxBytes"/>, each
    /// with the configuration points its jobs run (<paramref name="pointOf"/>), a point counted and sent once per message.
    /// A single job over the budget travels alone (the sweep's submission already refused any job over a frame).
    /// </summary>
    public static IEnumerable<AssignJobs> Split(IReadOnlyList<AssignJob> jobs, Func<JobSpec, PointSpec> pointOf, int maxBytes)
    {
        var run = new List<AssignJob>();
        var points = new List<PointSpec>();
        long bytes = 0;
        foreach (var job in jobs)
        {
            var point = pointOf(job.Job);
            var isNew = !points.Contains(point);
            var itemBytes = ByteBudget.Of(job.Job) + (isNew ? ByteBudget.Of(point) : 0);
            if (run.Count > 0 && bytes + itemBytes > maxBytes)
            {
                yield return new AssignJobs(run, points);
                (run, points, bytes, isNew) = ([], [], 0, true);
                itemBytes = ByteBudget.Of(job.Job) + ByteBudget.Of(point);
            }
            run.Add(job);
            if (isNew) points.Add(point);
            bytes += itemBytes;
        }
        if (run.Count > 0)
        {
            yield return new AssignJobs(run, points);
        }
    }
}
