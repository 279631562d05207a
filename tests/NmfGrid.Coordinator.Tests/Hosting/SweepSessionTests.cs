using NmfGrid.Coordinator.Hosting;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Hosting;

public sealed class SweepSessionTests
{
    /// <summary>Answers the scripted snapshots in turn (the last one again when the script is spent).</summary>
    private sealed class ScriptedGrid(params SweepProgress[] script) : IGridClient
    {
        private int _next;

        public int Asked => _next;

        public Task<SweepProgress?> Progress(string sweepId, IReadOnlyList<string>? metrics, CancellationToken cancellation = default) =>
            Task.FromResult<SweepProgress?>(script[Math.Min(_next++, script.Length - 1)]);

        public TimeSpan ProgressPoll => TimeSpan.Zero;

        public Task<SweepAccepted> Submit(SweepDefinition sweep) => throw new NotSupportedException();
        public Task<SweepActionDone?> Cancel(string sweepId, string reason, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<SweepActionDone?> RetryFailed(string sweepId, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<LedgerSnapshot> Results(SweepDefinition sweep) => throw new NotSupportedException();
    }

    private static SweepProgress Progress(int succeeded, int running, int total = 4) =>
        new("s1", total, succeeded, 0, running, total - succeeded - running, new Dictionary<string, int>());

    private static readonly SweepDefinition Sweep = new("s1", "s", "reconstruction", "synthetic", [], 1, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task The_last_jobs_hook_runs_once_when_nothing_is_left_pending()
    {
        // 2 running 2 pending, 1 done 2 running 1 pending, 2 done 2 running 0 pending (the hook), 3 done 1 running, 4 done.
        var grid = new ScriptedGrid(Progress(0, 2), Progress(1, 2), Progress(2, 2), Progress(3, 1), Progress(4, 0));
        var calls = new List<int>();
        var finished = await SweepSession.Follow(grid, Sweep, TextWriter.Null, CancellationToken.None, lastJobsRunning: () => calls.Add(grid.Asked));
        Assert.True(finished);
        Assert.Equal([3], calls); // after the third snapshot, and only then
    }

    [Fact]
    public async Task With_cores_given_the_last_jobs_hook_waits_for_an_idle_core()
    {
        // Two cores: 2 done 2 running 0 pending is not yet the hook (both cores busy); 3 done 1 running is.
        var grid = new ScriptedGrid(Progress(0, 2), Progress(1, 2), Progress(2, 2), Progress(3, 1), Progress(4, 0));
        var calls = new List<int>();
        Assert.True(await SweepSession.Follow(grid, Sweep, TextWriter.Null, CancellationToken.None, lastJobsRunning: () => calls.Add(grid.Asked), cores: 2));
        Assert.Equal([4], calls);

        // One job on two cores: a core is idle as soon as nothing is pending.
        var one = new ScriptedGrid(Progress(0, 1, total: 2), Progress(1, 1, total: 2), Progress(2, 0, total: 2));
        calls.Clear();
        Assert.True(await SweepSession.Follow(one, Sweep, TextWriter.Null, CancellationToken.None, lastJobsRunning: () => calls.Add(one.Asked), cores: 2));
        Assert.Equal([2], calls);
    }

    [Fact]
    public async Task A_sweep_already_finished_never_calls_the_last_jobs_hook()
    {
        var grid = new ScriptedGrid(Progress(4, 0));
        var called = false;
        Assert.True(await SweepSession.Follow(grid, Sweep, TextWriter.Null, CancellationToken.None, lastJobsRunning: () => called = true));
        Assert.False(called);
    }
}
