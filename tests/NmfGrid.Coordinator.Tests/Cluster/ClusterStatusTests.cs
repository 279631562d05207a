using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Tests.Sweeps;
using Xunit.Abstractions;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>`nmfgrid status --cluster SEED` against an in-process cluster on loopback, and against a seed nobody listens on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterStatusTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    private static async Task<(int Code, string Output, string Error)> Status(Command command, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Patience);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Status_lists_the_members_with_their_roles_the_registered_workers_and_each_sweeps_progress()
    {
        var coordinator = await _cluster.Coordinator();
        var node = await _cluster.Node(new CountingRunner(), workers: 2);
        var sweep = ClusterTestbed.Sweep(5, id: "status-sweep");
        await ClusterGridClient.Of(coordinator).Submit(sweep);
        await ClusterTestbed.Finished(coordinator, sweep.SweepId, Patience);

        var (code, output, error) = await Status(Program.Build(), "status", "--cluster", _cluster.Seed!);
        log.WriteLine(output + error);

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var members = lines.SkipWhile(l => l != "Members:").Skip(2).TakeWhile(l => !l.StartsWith("Workers:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, members.Length);
        Assert.Single(members, m => m.StartsWith(coordinator.Cluster.SelfAddress.ToString(), StringComparison.Ordinal) &&
                                    m.Contains(" coordinator ", StringComparison.Ordinal) && m.EndsWith("Up", StringComparison.Ordinal));
        Assert.Single(members, m => m.StartsWith(node.Cluster.SelfAddress.ToString(), StringComparison.Ordinal) &&
                                    m.Contains(" worker ", StringComparison.Ordinal) && m.EndsWith("Up", StringComparison.Ordinal));
        Assert.Single(members, m => m.Contains(" client ", StringComparison.Ordinal) && m.EndsWith("(this status query)", StringComparison.Ordinal));

        Assert.Contains("Workers: 2", lines);
        var self = node.Cluster.SelfAddress;
        foreach (var i in new[] { 0, 1 })
        {
            Assert.Single(lines, l => l.StartsWith($"{self.Host}:{self.Port}/worker-{i} ", StringComparison.Ordinal) && l.Contains("0 running"));
        }

        var sweeps = lines.SkipWhile(l => l != "Sweeps:").Skip(2).Where(l => l.Length > 0).ToArray();
        var row = Assert.Single(sweeps).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["status-sweep", "separation", "musdb18hq", "5", "0", "0", "status-sweep"], row);
    }

    [Fact]
    public async Task Status_through_a_seed_nobody_listens_on_fails_naming_the_seed_after_the_join_timeout()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a free port: connections to it are refused
        var seed = $"akka.tcp://nmfgrid@127.0.0.1:{port}";

        var clock = Stopwatch.StartNew();
        var (code, output, error) = await Status(StatusCommand.Create(TimeSpan.FromSeconds(3)), "--cluster", seed);
        log.WriteLine($"failed after {clock.Elapsed.TotalSeconds:0.0} s (join timeout 3 s): {error}");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("status: could not join the cluster through", error);
        Assert.Contains(seed, error);
        Assert.Contains("within 3 s", error);
    }
}
