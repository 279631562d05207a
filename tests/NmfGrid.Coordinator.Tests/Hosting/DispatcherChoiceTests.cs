using NmfGrid.Coordinator.Hosting;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Hosting;

public sealed class DispatcherChoiceTests
{
    [Fact]
    public void A_nodes_workers_go_to_consecutive_members_so_as_many_workers_as_members_cover_every_member()
    {
        foreach (var node in new[] { "127.0.0.1:40123", "10.0.0.7:4254", "node-a:1" })
        {
            for (var members = 1; members <= 5; members++)
            {
                var chosen = Enumerable.Range(0, members).Select(i => DispatcherChoice.Of($"{node}/worker-{i}", members)).ToArray();
                Assert.Equal(Enumerable.Range(0, members), chosen.Order());
            }
        }
    }

    [Fact]
    public void The_same_worker_and_member_count_always_give_the_same_member()
    {
        var first = Enumerable.Range(0, 50).Select(i => DispatcherChoice.Of($"127.0.0.1:{40000 + i}/worker-0", 3)).ToArray();
        var again = Enumerable.Range(0, 50).Select(i => DispatcherChoice.Of($"127.0.0.1:{40000 + i}/worker-0", 3)).ToArray();
        Assert.Equal(first, again);
        Assert.Equal(3, first.Distinct().Count()); // and different nodes' first workers do not all go to one member
    }

    [Theory]
    [InlineData("127.0.0.1:4254/worker-3", "127.0.0.1:4254", 3)]
    [InlineData("local-worker", "local-worker", 0)]
    [InlineData("host/worker-x", "host/worker-x", 0)]
    [InlineData("worker-2", "worker-2", 0)]
    public void A_worker_id_is_read_as_its_node_and_index(string workerId, string node, int index) =>
        Assert.Equal((node, index), DispatcherChoice.Parts(workerId));

    [Fact]
    public void Any_id_gives_a_member_in_range_and_one_member_is_always_chosen_alone()
    {
        foreach (var id in new[] { "", "x", "a/b-", "a/b-2147483647", "127.0.0.1:1/worker-7" })
        {
            Assert.InRange(DispatcherChoice.Of(id, 4), 0, 3);
            Assert.Equal(0, DispatcherChoice.Of(id, 1));
        }
    }

    [Fact]
    public void Every_message_a_worker_sends_names_the_worker_and_nothing_else_is_routed_by_worker()
    {
        Assert.Equal("w", WorkerDispatchGroup.WorkerIdOf(new RegisterWorker("w", "h", 1)));
        Assert.Equal("w", WorkerDispatchGroup.WorkerIdOf(new RequestWork("w", 2)));
        Assert.Equal("w", WorkerDispatchGroup.WorkerIdOf(new JobOutcomes("w", [], [], 1)));
        Assert.Equal("w", WorkerDispatchGroup.WorkerIdOf(new JobHeartbeats("w", [])));
        Assert.Equal("w", WorkerDispatchGroup.WorkerIdOf(new ReleaseJobs("w", [])));
        Assert.Null(WorkerDispatchGroup.WorkerIdOf(GetGridStatus.Instance));
    }
}
