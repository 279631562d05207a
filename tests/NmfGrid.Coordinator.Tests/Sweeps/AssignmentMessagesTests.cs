using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Sweeps;

public class AssignmentMessagesTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    // Job i runs point i, whose config is `configBytes` long (Point), unless a test puts several jobs on one point.
    private static readonly Dictionary<int, int> ConfigBytes = [];

    private static AssignJob Job(int i, int configBytes, int? point = null)
    {
        lock (ConfigBytes) ConfigBytes[point ?? i] = configBytes;
        return new(new JobSpec($"job{i}", "s", point ?? i, "default", "musdb18hq", $"track{i}", i), 1, Deadline);
    }

    private static PointSpec Point(JobSpec job)
    {
        lock (ConfigBytes) return new PointSpec("s", job.PointIndex, "default", new string('x', ConfigBytes[job.PointIndex]));
    }

    private static IEnumerable<AssignJobs> Split(IReadOnlyList<AssignJob> jobs, int maxBytes) => AssignmentMessages.Split(jobs, Point, maxBytes);

    [Fact]
    public void Small_jobs_travel_in_one_message_in_their_order()
    {
        var jobs = Enumerable.Range(0, 40).Select(i => Job(i, 700)).ToArray();
        var message = Assert.Single(Split(jobs, 1 << 20));
        Assert.Equal(jobs, message.Jobs);
    }

    [Fact]
    public void Large_configs_are_spread_over_messages_within_the_budget_and_none_is_lost()
    {
        var jobs = Enumerable.Range(0, 10).Select(i => Job(i, 300_000)).ToArray();
        var messages = Split(jobs, 1 << 20).ToArray();
        Assert.Equal(4, messages.Length); // three 300 kB configs fit a MiB with their overhead, four do not
        Assert.All(messages, m => Assert.True(m.Points.Sum(p => p.ConfigJson.Length) <= 1 << 20));
        Assert.All(messages, m => Assert.Equal(m.Jobs.Select(j => j.Job.PointIndex), m.Points.Select(p => p.Index)));
        Assert.Equal(jobs, messages.SelectMany(m => m.Jobs));
    }

    [Fact]
    public void A_job_over_the_budget_travels_alone()
    {
        var jobs = new[] { Job(0, 10), Job(1, 2 << 20), Job(2, 10) };
        var messages = Split(jobs, 1 << 20).ToArray();
        Assert.Equal([1, 1, 1], messages.Select(m => m.Jobs.Count));
    }

    [Fact]
    public void The_jobs_of_one_point_carry_its_config_once()
    {
        var jobs = Enumerable.Range(0, 30).Select(i => Job(100 + i, 200_000, point: 99)).ToArray();
        var message = Assert.Single(Split(jobs, 1 << 20));
        Assert.Equal(30, message.Jobs.Count);
        Assert.Equal(99, Assert.Single(message.Points).Index);
    }
}
