namespace NmfGrid.Coordinator.Tests.Chaos;

public sealed class ChaosScheduleTests
{
    private static readonly ChaosTarget[] Cluster = [ChaosTarget.Node, ChaosTarget.ActiveCoordinator, ChaosTarget.Postgres];

    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        Assert.Equal(ChaosSchedule.For(42, 20, 40, Cluster).ToString(), ChaosSchedule.For(42, 20, 40, Cluster).ToString());
        Assert.NotEqual(ChaosSchedule.For(42, 20, 40, Cluster).ToString(), ChaosSchedule.For(43, 20, 40, Cluster).ToString());
    }

    [Theory]
    [InlineData(1, 5, 16)]
    [InlineData(7, 20, 40)]
    [InlineData(99, 3, 16)]
    public void Progress_points_are_distinct_sorted_within_the_first_70_percent_and_every_target_is_hit(int seed, int kills, int jobs)
    {
        var schedule = ChaosSchedule.For(seed, kills, jobs, Cluster);
        Assert.Equal(kills, schedule.Kills.Count);
        var points = schedule.Kills.Select(k => k.AtDone).ToArray();
        Assert.Equal(points.Order().Distinct(), points);
        Assert.All(points, p => Assert.InRange(p, 0, (int)(jobs * 0.7) - 1));
        Assert.Equal(Cluster.Order(), schedule.Kills.Select(k => k.Target).Distinct().Order());
        Assert.All(schedule.Kills, k => Assert.InRange(k.Which, 0, 1));
    }

    [Fact]
    public void A_sweep_too_short_for_the_kills_is_refused_with_the_size_it_needs()
    {
        var error = Assert.Throws<ArgumentException>(() => ChaosSchedule.For(1, 20, 16, Cluster));
        Assert.Contains("at least 29 jobs", error.Message);
    }
}
