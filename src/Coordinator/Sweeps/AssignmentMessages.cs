using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>Packs one worker's assignments into as few <see cref="AssignJobs"/> messages as a byte budget allows.</summary>
public static class AssignmentMessages
{
    /// <summary>
    /// Consecutive runs of <paramref name="jobs"/> whose estimated size stays within <paramref name="maxBytes"/>; a
    /// single job over the budget travels alone (the sweep's submission already refused any job over a frame).
    /// </summary>
    public static IEnumerable<AssignJobs> Split(IReadOnlyList<AssignJob> jobs, int maxBytes) =>
        ByteBudget.Pack(jobs, job => ByteBudget.Of(job.Job), maxBytes).Select(run => new AssignJobs(run));
}
