using Akka.Cluster;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Tests.Sweeps;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// Two members crash a few seconds apart, the second after it had itself seen the first unreachable: the chaos run's
/// third finding (docs/operations.md, Chaos runs). Akka.NET's split-brain resolver called the second "indirectly
/// connected" and downed every member; the grid's resolver (<see cref="MajorityDowning"/>) downs the two and the
/// survivors stay. In-process members on loopback (<see cref="ClusterTestbed"/>), stable-after 5 s as shipped, so the
/// first crash is still undecided when the second is noticed. Waits are for cluster states, never for times.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashedMembersDowningTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Akka.NET's own resolver, to see this test fail without the fix: NMFGRID_TEST_AKKA_SBR=1.</summary>
    private static string Resolver => Environment.GetEnvironmentVariable("NMFGRID_TEST_AKKA_SBR") == "1"
        ? """akka.cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster" """ + "\nakka.cluster.split-brain-resolver.active-strategy = keep-majority"
        : "";

    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task A_node_and_then_the_active_coordinator_crashing_seconds_apart_are_downed_and_the_survivors_stay_up()
    {
        var settings = _cluster.Settings("akka.cluster.split-brain-resolver.stable-after = 5s\n" + Resolver);
        var c1 = await _cluster.Coordinator(settings);
        settings = _cluster.Settings("akka.cluster.split-brain-resolver.stable-after = 5s\n" + Resolver); // now with c1 as seed
        var c2 = await _cluster.Coordinator(settings);
        var idle = new CountingRunner();
        var n1 = await _cluster.Node(idle, workers: 1, settings);
        var n2 = await _cluster.Node(idle, workers: 1, settings);
        var client = await _cluster.Client(settings); // five members, as coordinators ×2 + nodes ×2 + `run --cluster`
        var (c1At, n2At) = (c1.Cluster.SelfUniqueAddress, n2.Cluster.SelfUniqueAddress);

        await _cluster.Kill(n2);
        // c1 notices n2 unreachable itself (every member watches every other in a cluster this small), then dies
        // before the resolver has decided about n2.
        await Until(() => c1.Cluster.State.Unreachable.Any(m => m.UniqueAddress.Equals(n2At)), "c1 to see n2 unreachable");
        await _cluster.Kill(c1);

        var survivors = new[] { c2, n1, client.Member };
        await Until(() => survivors.Any(s => s.Cluster.IsTerminated) ||
                          survivors.All(s => s.Cluster.State.Members.All(m => !m.UniqueAddress.Equals(c1At) && !m.UniqueAddress.Equals(n2At))),
                    "the two crashed members removed");
        Assert.All(survivors, s =>
        {
            Assert.False(s.Cluster.IsTerminated, $"{s.Cluster.SelfAddress} was downed");
            Assert.Equal(MemberStatus.Up, s.Cluster.State.Members.Single(m => m.UniqueAddress.Equals(s.Cluster.SelfUniqueAddress)).Status);
            Assert.Equal(3, s.Cluster.State.Members.Count);
            Assert.Empty(s.Cluster.State.Unreachable);
        });
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {Patience} for {what}");
            await Task.Delay(50);
        }
    }
}
