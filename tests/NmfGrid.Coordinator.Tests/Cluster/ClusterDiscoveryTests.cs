using System.Net;
using System.Net.Sockets;
using MemberStatus = Akka.Cluster.MemberStatus;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Tests.Sweeps;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// Cluster Bootstrap as it runs on Kubernetes, with the config discovery method in place of the Kubernetes API:
/// every member serves Akka Management on its own loopback port, discovery lists those endpoints, and no member is
/// given a seed. Nothing joins unless bootstrap probes the endpoints and the lowest one starts the cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterDiscoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Bootstrap's timers shortened (defaults: 5 s stable margin, 5 s between probes) so the test forms in seconds.</summary>
    private const string FastBootstrap = """
        akka.management.cluster.bootstrap.contact-point-discovery.stable-margin = 1s
        akka.management.cluster.bootstrap.contact-point-discovery.interval = 500ms
        akka.management.cluster.bootstrap.contact-point.probe-interval = 1s
        """;

    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Three_members_without_seeds_form_one_cluster_through_bootstrap_and_run_a_sweep()
    {
        var ports = FreePorts(3);
        var discovery = new ClusterDiscovery
        {
            Method = ClusterDiscoveryMethod.Config,
            Endpoints = ports.Select(p => $"127.0.0.1:{p}").ToArray(),
            RequiredContactPoints = 3,
        };
        ClusterSettings Member(int port) => _cluster.Settings(FastBootstrap) with
        {
            Discovery = discovery with { ManagementPort = port },
        };
        var runners = new[] { new CountingRunner(), new CountingRunner() };
        ClusterMember? coordinator = null;
        var joined = await Task.WhenAll(
            _cluster.TryJoin(async () => coordinator = await ClusterMember.StartCoordinator(
                Member(ports[0]), _cluster.Database, ClusterTestbed.Coordinating with { PersistenceId = _cluster.PersistenceId }, Microsoft.Extensions.Logging.LogLevel.Error), Patience),
            _cluster.TryJoin(() => ClusterMember.StartNode(Member(ports[1]), 1, runners[0], null, ClusterTestbed.Fast,
                Microsoft.Extensions.Logging.LogLevel.Error), Patience),
            _cluster.TryJoin(() => ClusterMember.StartNode(Member(ports[2]), 1, runners[1], null, ClusterTestbed.Fast,
                Microsoft.Extensions.Logging.LogLevel.Error), Patience));
        Assert.Equal([true, true, true], joined);

        var deadline = DateTime.UtcNow + Patience;
        var state = coordinator!.Cluster.State;
        while (state.Members.Count(m => m.Status == MemberStatus.Up) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            state = coordinator.Cluster.State;
        }
        Assert.Equal(3, state.Members.Count(m => m.Status == MemberStatus.Up));
        Assert.Equal(["coordinator", "worker", "worker"], state.Members.SelectMany(m => m.Roles).Order());

        var sweep = ClusterTestbed.Sweep(4);
        await coordinator.Submit(sweep);
        await ClusterTestbed.Finished(coordinator, sweep.SweepId, Patience);
        Assert.Equal(4, runners.Sum(r => r.Runs.Count));
    }

    /// <summary>Ports free now: a listener on port 0 gets one from the OS and gives it back (each management endpoint must be listed before it binds).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
