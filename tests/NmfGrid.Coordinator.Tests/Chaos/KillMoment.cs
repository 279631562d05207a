using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// When exactly a kill strikes once its progress point is reached: after the schedule's delay, or as soon as the next
/// result arrives, whichever comes first. A kill thus lands somewhere within the job in progress, and the sweep never
/// runs ahead of the schedule by more than a job per kill, however fast the machine runs jobs.
/// </summary>
internal static class KillMoment
{
    public static async Task Wait(GridPersistenceOptions log, TimeSpan after, int done)
    {
        var until = DateTime.UtcNow + after;
        while (DateTime.UtcNow < until && ResultsTableProgress.Read(log).Done <= done) await Task.Delay(50);
    }
}
