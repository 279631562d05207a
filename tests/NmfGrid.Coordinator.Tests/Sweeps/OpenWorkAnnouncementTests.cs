using NmfGrid.Coordinator.Sweeps;

namespace NmfGrid.Coordinator.Tests.Sweeps;

public sealed class OpenWorkAnnouncementTests
{
    [Theory]
    [InlineData(10, 4, 10, 3, false)] // a report of finished jobs: running only, still open
    [InlineData(10, 4, 10, 9, false)] // more running from a lease that named its counts to the dispatcher that asked
    [InlineData(10, 4, 11, 3, true)] // a failed attempt back in the queue
    [InlineData(10, 4, 12, 2, true)] // jobs of a lost worker re-queued
    [InlineData(0, 1, 0, 0, true)] // the last job finished: the sweep leaves the dispatchers' open sweeps
    [InlineData(0, 0, 0, 1, true)] // anything open at all is news, even running jobs only
    [InlineData(-1, -1, 0, 0, true)] // never announced yet
    [InlineData(0, 0, 0, 0, false)]
    public void Dispatchers_hear_of_a_change_in_pending_jobs_or_in_whether_anything_is_open(int pendingBefore, int runningBefore,
                                                                                          int pendingNow, int runningNow, bool announced) =>
        Assert.Equal(announced, OpenWorkAnnouncement.Changed((pendingBefore, runningBefore), (pendingNow, runningNow)));
}
