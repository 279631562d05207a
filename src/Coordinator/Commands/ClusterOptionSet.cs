using System.CommandLine;
using NmfGrid.Coordinator.Hosting;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// The options every cluster member takes: --host, --public-host, --port, --seed. Each falls back to its
/// environment variable (NMFGRID_HOST, NMFGRID_PUBLIC_HOST, NMFGRID_PORT, NMFGRID_SEEDS); the command line wins.
/// </summary>
internal sealed class ClusterOptionSet(int defaultPort)
{
    public readonly Option<string> Host = new("--host") { Description = "Address to listen on (NMFGRID_HOST; default 0.0.0.0)." };
    public readonly Option<string> PublicHost = new("--public-host") { Description = "Host name the other members reach this one by (NMFGRID_PUBLIC_HOST; default: the address that routes to the first seed)." };
    public readonly Option<int?> Port = new("--port") { Description = $"TCP port (NMFGRID_PORT; default {defaultPort}{(defaultPort == 0 ? ": any free port" : "")})." };
    public readonly Option<string[]> Seed = new("--seed")
    {
        Description = "Seed node to join through, akka.tcp://nmfgrid@HOST:4053 (repeatable; NMFGRID_SEEDS, comma-separated). None: start a new cluster.",
        AllowMultipleArgumentsPerToken = true,
    };

    public IEnumerable<Option> All => [Host, PublicHost, Port, Seed];

    public ClusterSettings Settings(ParseResult parse) => ClusterSettings.FromEnvironment(
        parse.GetValue(Host), parse.GetValue(PublicHost), parse.GetValue(Port), parse.GetValue(Seed), defaultPort);

    /// <summary>Runs a member until Ctrl-C/SIGTERM (then leaves cleanly) or until the cluster removes it; the exit code says which.</summary>
    public static async Task<int> RunUntilStopped(ClusterMember member, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        using var signals = new SignalCancellation(cancellation);
        var stopped = new TaskCompletionSource();
        await using var registration = signals.Token.Register(() => stopped.TrySetResult());
        var finished = await Task.WhenAny(stopped.Task, member.System.WhenTerminated);
        if (finished == member.System.WhenTerminated)
        {
            error.WriteLine("This member was removed from the cluster (downed after being unreachable, or shut down); exiting.");
            await member.DisposeAsync();
            return 1;
        }
        output.WriteLine("Leaving the cluster…");
        await member.DisposeAsync();
        return 0;
    }
}
