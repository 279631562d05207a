using System.CommandLine;
using NmfGrid.Coordinator.Hosting;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// The options every cluster member takes: --host, --public-host, --port, --seed, or instead of seeds --discovery
/// with its settings, and --insecure. Each falls back to its environment variable (NMFGRID_HOST, NMFGRID_PUBLIC_HOST, NMFGRID_PORT,
/// NMFGRID_SEEDS, NMFGRID_DISCOVERY…); the command line wins.
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

    public readonly Option<string> Discovery = new("--discovery")
    {
        Description = "Join without seeds, through Akka Management's Cluster Bootstrap: kubernetes (pods by label) or config (listed endpoints) (NMFGRID_DISCOVERY).",
    };
    public readonly Option<string> DiscoverySelector = new("--discovery-selector")
    {
        Description = "kubernetes: label selector of the contact-point pods, e.g. app.kubernetes.io/component=coordinator (NMFGRID_DISCOVERY_SELECTOR).",
    };
    public readonly Option<string[]> DiscoveryEndpoint = new("--discovery-endpoint")
    {
        Description = "config: management endpoint HOST:PORT of a contact point (repeatable; NMFGRID_DISCOVERY_ENDPOINTS, comma-separated).",
        AllowMultipleArgumentsPerToken = true,
    };
    public readonly Option<int?> RequiredContactPoints = new("--required-contact-points")
    {
        Description = "Contact points to find before starting a new cluster: the number of members that start it (NMFGRID_REQUIRED_CONTACT_POINTS; default 1).",
    };
    public readonly Option<string> ManagementHost = new("--management-host")
    {
        Description = "Host this member's management endpoint is listed by in discovery; on Kubernetes the pod IP (NMFGRID_MANAGEMENT_HOST; default: the public host).",
    };
    public readonly Option<int?> ManagementPort = new("--management-port")
    {
        Description = $"Akka Management HTTP port (NMFGRID_MANAGEMENT_PORT; default {ClusterDiscovery.DefaultManagementPort}).",
    };

    public readonly Option<bool> Insecure = InsecureOption();

    public IEnumerable<Option> All => [Host, PublicHost, Port, Seed, Discovery, DiscoverySelector, DiscoveryEndpoint, RequiredContactPoints, ManagementHost, ManagementPort, Insecure];

    /// <summary>--insecure, the same for every member and client (see <see cref="ClusterSettings.CheckTransport"/>).</summary>
    public static Option<bool> InsecureOption() => new("--insecure")
    {
        Description = "Allow plain TCP off loopback (a warning at start). Without it a member that listens on, advertises or joins a " +
                      "non-loopback address needs NMFGRID_TLS_CERT (docs/operations.md, \"TLS\").",
    };

    public ClusterSettings Settings(ParseResult parse) => ClusterSettings.FromEnvironment(
        parse.GetValue(Host), parse.GetValue(PublicHost), parse.GetValue(Port), parse.GetValue(Seed), defaultPort,
        discovery: new DiscoveryArguments(parse.GetValue(Discovery), parse.GetValue(DiscoverySelector), parse.GetValue(DiscoveryEndpoint),
                                          parse.GetValue(RequiredContactPoints), parse.GetValue(ManagementHost), parse.GetValue(ManagementPort)),
        insecure: parse.GetValue(Insecure));

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
