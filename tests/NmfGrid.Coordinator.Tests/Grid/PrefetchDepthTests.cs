using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Grid;

public class PrefetchDepthTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);

    private static PrefetchDepth After(int slots, int limit, params double[] jobSeconds)
    {
        var depth = new PrefetchDepth(slots, limit, Window);
        foreach (var seconds in jobSeconds)
        {
            depth.Finished(TimeSpan.FromSeconds(seconds));
        }
        return depth;
    }

    [Fact]
    public void Nothing_is_held_before_the_first_job_has_finished() => Assert.Equal(0, After(2, 64).Current);

    [Fact]
    public void Jobs_of_seconds_are_never_held() => Assert.Equal(0, After(1, 64, 1.4, 1.5, 1.3).Current);

    [Fact]
    public void Jobs_of_microseconds_fill_the_limit() => Assert.Equal(64, After(1, 64, 20e-6, 15e-6).Current);

    [Fact]
    public void In_between_a_worker_holds_what_its_slots_finish_within_the_window() =>
        Assert.Equal(40, After(2, 64, 0.010).Current); // 2 slots × 200 ms ÷ 10 ms

    [Fact]
    public void A_limit_of_zero_turns_prefetching_off() => Assert.Equal(0, After(4, 0, 1e-6).Current);

    [Fact]
    public void A_slow_job_among_short_ones_shrinks_what_is_held()
    {
        var depth = After(1, 64, Enumerable.Repeat(0.001, 20).ToArray());
        Assert.Equal(64, depth.Current);
        depth.Finished(TimeSpan.FromSeconds(5));
        Assert.Equal(0, depth.Current); // mean ≈ 0.5 s: nothing fits the window
    }
}
