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
            // The coordinator binds every interface, as in a pod (its endpoint then listens on http://+:port/); plain TCP, so --insecure.
            _cluster.TryJoin(async () => coordinator = await ClusterMember.StartCoordinator(
                Member(ports[0]) with { Host = "0.0.0.0", PublicHost = "127.0.0.1", Insecure = true }, _cluster.Database, ClusterTestbed.Coordinating with { PersistenceId = _cluster.PersistenceId }, Microsoft.Extensions.Logging.LogLevel.Error), Patience),
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

        // What a late member's probe reads: Akka.Management's own record, naming every member.
        using var http = new HttpClient();
        var answer = Newtonsoft.Json.JsonConvert.DeserializeObject<Akka.Management.Cluster.Bootstrap.ContactPoint.HttpBootstrapJsonProtocol.SeedNodes>(
            await http.GetStringAsync($"http://127.0.0.1:{ports[1]}/bootstrap/seed-nodes"))!;
        Assert.Equal(3, answer.Nodes.Count);
        Assert.Contains(answer.Nodes, n => n.Node.Equals(answer.SelfNode));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{ports[1]}/cluster/members")).StatusCode);

        var sweep = ClusterTestbed.Sweep(4);
        await ClusterGridClient.Of(coordinator).Submit(sweep);
        await ClusterTestbed.Finished(coordinator, sweep.SweepId, Patience);
        Assert.Equal(4, runners.Sum(r => r.Runs.Count));
    }

    [Fact]
    public async Task Two_coordinators_found_by_pod_label_in_the_Kubernetes_API_form_one_cluster()
    {
        var ports = FreePorts(3);
        // The API server's answer: both coordinators, plus a pod being deleted and a submit job without a management
        // port. Were either taken for a contact point, bootstrap would wait for its answer and never form.
        const string deleted = """
            {"metadata":{"deletionTimestamp":"2026-01-01T00:00:00Z"},"status":{"phase":"Running","podIP":"127.0.0.1"},"spec":{"containers":[{"ports":[{"name":"management","containerPort":9}]}]}}
            """;
        const string submit = """
            {"metadata":{},"status":{"phase":"Running","podIP":"127.0.0.1"},"spec":{"containers":[{"ports":[{"name":"remoting","containerPort":4053}]}]}}
            """;
        var pods = "{\"kind\":\"PodList\",\"items\":[" + string.Join(",", Pod(ports[0]), Pod(ports[1]), deleted, submit) + "]}";
        var queries = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var api = new HttpListener();
        api.Prefixes.Add($"http://127.0.0.1:{ports[2]}/");
        api.Start();
        _ = Task.Run(async () =>
        {
            while (api.IsListening)
            {
                try
                {
                    var context = await api.GetContextAsync();
                    queries.Add(context.Request.Url!.PathAndQuery);
                    var body = System.Text.Encoding.UTF8.GetBytes(pods);
                    context.Response.ContentType = "application/json";
                    context.Response.OutputStream.Write(body);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
        var discovery = new ClusterDiscovery
        {
            Method = ClusterDiscoveryMethod.Kubernetes,
            PodLabelSelector = "app.kubernetes.io/name=nmfgrid,app.kubernetes.io/component=coordinator",
            RequiredContactPoints = 2,
        };
        var apiHocon = $"akka.discovery.nmfgrid-kubernetes.api-url = \"http://127.0.0.1:{ports[2]}\"\n" +
                       "akka.discovery.nmfgrid-kubernetes.namespace-path = \"/nonexistent\"\n";
        ClusterSettings Member(int port) => _cluster.Settings(FastBootstrap + "\n" + apiHocon) with { Discovery = discovery with { ManagementPort = port } };
        var joined = await Task.WhenAll(ports[..2].Select(port => _cluster.TryJoin(() => ClusterMember.StartCoordinator(
            Member(port), _cluster.Database, ClusterTestbed.Coordinating with { PersistenceId = _cluster.PersistenceId },
            Microsoft.Extensions.Logging.LogLevel.Error), Patience)));
        Assert.Equal([true, true], joined);
        Assert.Contains("/api/v1/namespaces/default/pods?labelSelector=app.kubernetes.io%2Fname%3Dnmfgrid%2Capp.kubernetes.io%2Fcomponent%3Dcoordinator", queries);
    }

    private static string Pod(int managementPort) =>
        "{\"metadata\":{\"name\":\"c" + managementPort + "\"},\"status\":{\"phase\":\"Running\",\"podIP\":\"127.0.0.1\"},\"spec\":{\"containers\":[{\"ports\":[" +
        "{\"name\":\"remoting\",\"containerPort\":4053},{\"name\":\"management\",\"containerPort\":" + managementPort + "}]}]}}";

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
