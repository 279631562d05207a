using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Grid;

public class JobThreadsTests
{
    [Fact]
    public async Task A_job_runs_on_one_of_the_workers_threads_not_the_shared_pool()
    {
        using var threads = new JobThreads(1, "job-w1");

        var (name, pooled) = await threads.Run(() => (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread), CancellationToken.None);

        Assert.Equal("job-w1", name);
        Assert.False(pooled);
    }

    [Fact]
    public async Task As_many_jobs_run_at_once_as_there_are_threads()
    {
        using var threads = new JobThreads(2, "job");
        using var bothRunning = new Barrier(2);

        // Each job waits for the other: this finishes only if the two run at the same time.
        var jobs = Enumerable.Range(0, 2).Select(_ => threads.Run(() => bothRunning.SignalAndWait(TimeSpan.FromSeconds(20)), CancellationToken.None));

        Assert.All(await Task.WhenAll(jobs), Assert.True);
    }

    [Fact]
    public async Task A_job_cancelled_before_it_starts_never_runs()
    {
        using var threads = new JobThreads(1, "job");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var ran = false;

        var job = threads.Run(() => ran = true, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job);
        Assert.False(ran);
    }

    [Fact]
    public async Task Jobs_queued_before_disposal_still_run_and_none_is_taken_after()
    {
        var threads = new JobThreads(1, "job");
        using var release = new ManualResetEventSlim();
        var first = threads.Run(() => release.Wait(TimeSpan.FromSeconds(20)), CancellationToken.None);
        var second = threads.Run(() => 2, CancellationToken.None);

        threads.Dispose();
        release.Set();

        Assert.True(await first);
        Assert.Equal(2, await second);
        var late = Record.Exception(() => { _ = threads.Run(() => 3, CancellationToken.None); });
        Assert.IsType<TaskSchedulerException>(late);
    }

    [Fact]
    public void A_worker_needs_at_least_one_thread() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobThreads(0, "job"));
}
