using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Tests.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>Sweep entities placed by Akka.Cluster.Sharding on the coordinator members (loopback, real sockets, a SQLite journal).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ShardedSweepsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    private static IActorRef Region(ClusterMember member) => ActorRegistry.For(member.System).Get<SweepEntity>();

    private static async Task<IReadOnlySet<string>> HostedSweeps(ClusterMember member)
    {
        var state = await Region(member).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Two_coordinator_members_host_different_sweeps_and_every_sweep_completes()
    {
        var first = await _cluster.Coordinator();
        var second = await _cluster.Coordinator();
        var runner = new CountingRunner((_, _) =>
        {
            Thread.Sleep(5);
            return null;
        });
        await _cluster.Node(runner);
        // Shards go to the region with the fewest once both regions are registered with the shard coordinator.
        var deadline = DateTime.UtcNow + Patience;
        while ((await Region(first).Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(10))).Regions.Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second coordinator's region never registered");
            await Task.Delay(200);
        }

        var sweeps = Enumerable.Range(0, 6).Select(i => ClusterTestbed.Sweep(8, id: $"spread-{i}") with
        {
            Jobs = SweepLedgerTests.Sweep($"spread-{i}", 8, prefix: $"spread-{i}-job").Jobs,
        }).ToArray();
        foreach (var sweep in sweeps)
        {
            await ClusterGridClient.Of(first).Submit(sweep);
        }
        foreach (var sweep in sweeps)
        {
            Assert.Equal(8, (await ClusterTestbed.Finished(first, sweep.SweepId, Patience)).Succeeded);
        }

        var (onFirst, onSecond) = (await HostedSweeps(first), await HostedSweeps(second));
        Assert.True(onFirst.Count > 0 && onSecond.Count > 0, $"first hosts [{string.Join(", ", onFirst)}], second [{string.Join(", ", onSecond)}]");
        Assert.Empty(onFirst.Intersect(onSecond));
        Assert.Equal(sweeps.Select(s => s.SweepId).Order(), onFirst.Union(onSecond).Order());
        Assert.Equal(48, runner.Runs.Count);
        Assert.All(runner.Runs.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Status_after_a_dispatcher_hand_over_lists_the_sweeps_finished_before_it()
    {
        var first = await _cluster.Coordinator();
        var second = await _cluster.Coordinator();
        await _cluster.Node(new CountingRunner());
        var sweep = ClusterTestbed.Sweep(4, id: "finished-before-hand-over") with
        {
            Jobs = SweepLedgerTests.Sweep("finished-before-hand-over", 4, prefix: "hand-over-job").Jobs,
        };
        await ClusterGridClient.Of(second).Submit(sweep);
        Assert.Equal(4, (await ClusterTestbed.Finished(second, sweep.SweepId, Patience)).Succeeded);

        // The dispatcher singleton moves to the second member; the new one never hears from the finished sweep.
        await _cluster.Kill(first);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                var status = await ClusterGridClient.Of(second).Status();
                if (status.Sweeps.SingleOrDefault(s => s.SweepId == sweep.SweepId) is { } listed)
                {
                    Assert.Equal(4, listed.Progress.Succeeded);
                    return;
                }
            }
            catch (Exception e) when (e is TimeoutException or AskTimeoutException)
            {
                // the singleton is still moving
            }
            Assert.True(DateTime.UtcNow < deadline, "status after the hand-over never listed the finished sweep");
            await Task.Delay(500);
        }
    }

    /// <summary>The workers a coordinator member's own dispatcher serves (/user/sweep-dispatcher).</summary>
    private static async Task<IReadOnlyList<WorkerStatus>> ServedBy(ClusterMember member)
    {
        var dispatcher = member.System.ActorSelection("/user/" + GridActors.DispatcherName);
        return (await dispatcher.Ask<GridStatus>(GetGridStatus.Instance, TimeSpan.FromSeconds(10))).Workers;
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"never: {what}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Each_coordinator_member_dispatches_to_workers_of_its_own_and_a_killed_members_workers_move_to_the_other()
    {
        var first = await _cluster.Coordinator();
        var second = await _cluster.Coordinator();
        var runner = new CountingRunner((_, _) =>
        {
            Thread.Sleep(20);
            return null;
        });
        // One node with two workers: a node's workers go to consecutive members (DispatcherChoice), so one to each.
        await _cluster.Node(runner);
        await Until(async () => (await ServedBy(first)).Count == 1 && (await ServedBy(second)).Count == 1,
                    "each coordinator member's dispatcher serves one of the node's two workers");

        var sweeps = Enumerable.Range(0, 2).Select(i => ClusterTestbed.Sweep(40, id: $"served-{i}") with
        {
            Jobs = SweepLedgerTests.Sweep($"served-{i}", 40, prefix: $"served-{i}-job").Jobs,
        }).ToArray();
        foreach (var sweep in sweeps)
        {
            await ClusterGridClient.Of(first).Submit(sweep);
        }
        await Until(() => Task.FromResult(runner.Runs.Count >= 10), "a few jobs to finish before the second member dies");

        await _cluster.Kill(second);
        await Until(async () => (await ServedBy(first)).Count == 2, "the surviving member's dispatcher serves both workers");
        var jobs = new List<JobSnapshot>();
        foreach (var sweep in sweeps)
        {
            Assert.Equal(40, (await ClusterTestbed.Finished(first, sweep.SweepId, Patience)).Succeeded);
            jobs.AddRange((await ClusterGridClient.Of(first).Results(sweep)).Jobs);
        }

        // Exactly one result per job, and both workers (each served by its own member's dispatcher) ran jobs.
        Assert.Equal(80, jobs.Count);
        Assert.Equal(80, jobs.Select(j => j.Spec.JobId).Distinct().Count());
        Assert.All(jobs, j => Assert.Equal("Succeeded", j.Status));
        Assert.Equal(2, jobs.Select(j => j.WorkerId).Distinct().Count());
        Assert.Equal(80, runner.Runs.Count);
        // A job assigned in the moment its dispatcher's member died may run again (the first success counts).
        Assert.All(runner.Runs.Values, n => Assert.InRange(n, 1, 2));
    }
}
