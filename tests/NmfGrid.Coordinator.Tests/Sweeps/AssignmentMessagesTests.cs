using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Sweeps;

public class AssignmentMessagesTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static AssignJob Job(int i, int configBytes) =>
        new(new JobSpec($"job{i}", "s", 0, "default", "musdb18hq", $"track{i}", new string('x', configBytes), i), 1, Deadline);

    [Fact]
    public void Small_jobs_travel_in_one_message_in_their_order()
    {
        var jobs = Enumerable.Range(0, 40).Select(i => Job(i, 700)).ToArray();
        var message = Assert.Single(AssignmentMessages.Split(jobs, 1 << 20));
        Assert.Equal(jobs, message.Jobs);
    }

    [Fact]
    public void Large_configs_are_spread_over_messages_within_the_budget_and_none_is_lost()
    {
        var jobs = Enumerable.Range(0, 10).Select(i => Job(i, 300_000)).ToArray();
        var messages = AssignmentMessages.Split(jobs, 1 << 20).ToArray();
        Assert.Equal(4, messages.Length); // three 300 kB configs fit a MiB with their overhead, four do not
        Assert.All(messages, m => Assert.True(m.Jobs.Sum(j => j.Job.ConfigJson.Length) <= 1 << 20));
        Assert.Equal(jobs, messages.SelectMany(m => m.Jobs));
    }

    [Fact]
    public void A_job_over_the_budget_travels_alone()
    {
        var jobs = new[] { Job(0, 10), Job(1, 2 << 20), Job(2, 10) };
        var messages = AssignmentMessages.Split(jobs, 1 << 20).ToArray();
        Assert.Equal([1, 1, 1], messages.Select(m => m.Jobs.Count));
    }
}
