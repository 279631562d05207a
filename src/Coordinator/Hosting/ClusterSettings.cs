using System.Net;
using System.Net.Sockets;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// How one process joins the grid cluster: where it listens, the address it gives the others, the seed nodes
/// it joins through (or the discovery that finds them), and the certificate it proves itself with. Each value comes from the command line, else
/// from its NMFGRID_* environment variable, else a default (<see cref="FromEnvironment"/>).
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The ActorSystem name on every node; a member with another name is ignored by the cluster.</summary>
    public const string SystemName = "nmfgrid";

    public const string CoordinatorRole = "coordinator";
    public const string WorkerRole = "worker";
    public const string ClientRole = "client";

    /// <summary>The address (or 0.0.0.0) the transport binds to.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The host name other members use to reach this one; null picks one (see <see cref="AdvertisedHost"/>).</summary>
    public string? PublicHost { get; init; }

    /// <summary>0 picks a free port (worker nodes, clients); a coordinator that serves as a seed needs a fixed one.</summary>
    public int Port { get; init; }

    /// <summary>akka.tcp://nmfgrid@host:port of members to join through. Empty (and no discovery): this process starts a new cluster.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Cluster Bootstrap through Akka Management and Akka.Discovery instead of seeds; null: seeds.</summary>
    public ClusterDiscovery? Discovery { get; init; }

    /// <summary>PKCS#12 (.pfx) file shared by every member: TLS with mutual authentication, pinned to this certificate.</summary>
    public string? TlsCertificate { get; init; }

    public string? TlsPassword { get; init; }

    /// <summary>
    /// --insecure: plain TCP even off loopback, with a warning at start. Without it a member that would listen on, advertise
    /// or connect to a non-loopback address without a certificate refuses to start (<see cref="CheckTransport"/>).
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>HOCON layered over hocon/cluster.conf (tests shorten the failure detector with it).</summary>
    public string? ExtraHocon { get; init; }

    /// <summary>
    /// The command line's values over the environment's: NMFGRID_HOST, NMFGRID_PUBLIC_HOST, NMFGRID_PORT,
    /// NMFGRID_SEEDS (comma list), NMFGRID_TLS_CERT, NMFGRID_TLS_PASSWORD (or NMFGRID_TLS_PASSWORD_FILE, a file holding it),
    /// and with <paramref name="discovery"/> the discovery settings (<see cref="DiscoveryArguments.Resolve"/>). Bad values name
    /// their source. Without <paramref name="discovery"/> (clients given a seed) the discovery variables are not read. With no
    /// host given, a member whose seeds are all loopback listens on 127.0.0.1 (they are on this machine, and so must it be),
    /// any other on 0.0.0.0. The certificate's password is never accepted on the command line, where `ps` shows it.
    /// </summary>
    public static ClusterSettings FromEnvironment(string? host, string? publicHost, int? port, IReadOnlyList<string>? seeds,
                                                  int defaultPort, Func<string, string?>? environment = null,
                                                  DiscoveryArguments? discovery = null, bool insecure = false)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? Env(string name) => environment(name) is { Length: > 0 } v ? v.Trim() : null;
        var portText = Env("NMFGRID_PORT");
        var resolvedPort = port ?? (portText is null ? defaultPort
            : int.TryParse(portText, out var p) ? p : throw new ClusterSettingsException($"NMFGRID_PORT: expected a port number, got '{portText}'"));
        if (resolvedPort is < 0 or > 65535)
        {
            throw new ClusterSettingsException($"{(port is null ? "NMFGRID_PORT" : "--port")}: {resolvedPort} is not a port number (0–65535)");
        }
        var resolvedSeeds = seeds is { Count: > 0 } ? seeds
            : Env("NMFGRID_SEEDS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        foreach (var seed in resolvedSeeds)
        {
            CheckSeed(seed, seeds is { Count: > 0 } ? "--seed" : "NMFGRID_SEEDS");
        }
        var bootstrap = discovery?.Resolve(environment);
        if (bootstrap is not null && resolvedSeeds.Count > 0)
        {
            throw new ClusterSettingsException(
                $"{(seeds is { Count: > 0 } ? "--seed" : "NMFGRID_SEEDS")} and {(discovery!.Method is not null ? "--discovery" : "NMFGRID_DISCOVERY")}: " +
                "join through seed nodes or through discovery, not both");
        }
        var certificate = Env("NMFGRID_TLS_CERT");
        if (certificate is not null && !File.Exists(certificate))
        {
            throw new ClusterSettingsException($"NMFGRID_TLS_CERT: certificate file '{certificate}' does not exist");
        }
        var password = environment("NMFGRID_TLS_PASSWORD");
        if (password is null && Env("NMFGRID_TLS_PASSWORD_FILE") is { } passwordFile)
        {
            password = File.Exists(passwordFile)
                ? File.ReadAllText(passwordFile).TrimEnd('\r', '\n')
                : throw new ClusterSettingsException($"NMFGRID_TLS_PASSWORD_FILE: password file '{passwordFile}' does not exist");
        }
        var loopbackSeeds = resolvedSeeds.Count > 0 && bootstrap is null && resolvedSeeds.All(s => IsLoopback(Akka.Actor.Address.Parse(s).Host));
        return new ClusterSettings
        {
            Host = host ?? Env("NMFGRID_HOST") ?? (loopbackSeeds ? "127.0.0.1" : "0.0.0.0"),
            PublicHost = publicHost ?? Env("NMFGRID_PUBLIC_HOST"),
            Port = resolvedPort,
            Seeds = resolvedSeeds,
            Discovery = bootstrap,
            TlsCertificate = certificate,
            TlsPassword = password,
            Insecure = insecure,
        };
    }

    /// <summary>
    /// Plain TCP is allowed only where nobody else can listen in: this member listens on, advertises and joins through
    /// loopback addresses alone. Otherwise it needs the cluster's certificate, or --insecure. Returns the warning an
    /// insecure member gives at start (null when there is none); throws naming the fix when it may not start.
    /// With discovery the contact points are found only later: the listening and public hosts decide (and config endpoints).
    /// </summary>
    public string? CheckTransport()
    {
        if (TlsCertificate is not null) return null;
        var exposed = new List<string>();
        if (!IsLoopback(Host)) exposed.Add($"listens on {Host}");
        if (PublicHost is { Length: > 0 } advertised && !IsLoopback(advertised)) exposed.Add($"is reached as {advertised}");
        exposed.AddRange(Seeds.Where(s => !IsLoopback(Akka.Actor.Address.Parse(s).Host)).Select(s => $"joins through {s}"));
        if (Discovery is { } discovery)
        {
            exposed.AddRange(discovery.Endpoints.Where(e => !IsLoopback(e.Contains(':') ? e[..e.LastIndexOf(':')] : e)).Select(e => $"discovers contact point {e}"));
        }
        if (exposed.Count == 0) return null;
        var what = string.Join(", ", exposed);
        if (Insecure)
        {
            return $"--insecure: this member {what} in plain TCP; anyone who reaches its port can read the grid's messages and join it.";
        }
        throw new ClusterSettingsException(
            $"this member {what} without TLS. Set NMFGRID_TLS_CERT to the cluster's certificate (.pfx; its password in " +
            "NMFGRID_TLS_PASSWORD or NMFGRID_TLS_PASSWORD_FILE; `nmfgrid certificate` makes one, see docs/operations.md, \"TLS\"), " +
            "listen on 127.0.0.1 (--host, NMFGRID_HOST) for a cluster on this machine only, or pass --insecure on a network you trust");
    }

    /// <summary>127.0.0.0/8, ::1 and localhost: addresses nothing outside this machine can reach. A wildcard or any other name is not.</summary>
    public static bool IsLoopback(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return false;
        var name = host.Trim().Trim('[', ']');
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(name, out var address) &&
               IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    /// <summary>
    /// The seeds as the transport names them: with TLS its addresses are akka.ssl.tcp://, without akka.tcp://. Each seed is
    /// rewritten to this member's scheme, so one seed address (as the deploy files write it) serves with TLS and without.
    /// </summary>
    public IReadOnlyList<string> TransportSeeds()
    {
        var protocol = TlsCertificate is null ? "akka.tcp" : "akka.ssl.tcp";
        return Seeds.Select(s => Akka.Actor.Address.Parse(s) is var a && a.Protocol != protocol
            ? new Akka.Actor.Address(protocol, a.System, a.Host, a.Port).ToString() : s).ToList();
    }

    /// <summary>How this member finds the cluster, for start-up lines and errors.</summary>
    public string JoinDescription() =>
        Discovery?.Describe() ?? (Seeds.Count == 0 ? "seeds: none, a new cluster" : $"seeds: {string.Join(", ", Seeds)}");

    /// <summary>A seed must be an address of this cluster's ActorSystem: akka.tcp://nmfgrid@host:port.</summary>
    public static void CheckSeed(string seed, string source)
    {
        Akka.Actor.Address address;
        try
        {
            address = Akka.Actor.Address.Parse(seed);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw new ClusterSettingsException($"{source}: '{seed}' is not an Akka address (expected akka.tcp://{SystemName}@host:4053)");
        }
        if (address.System != SystemName || address.Host is null || address.Port is null)
        {
            throw new ClusterSettingsException($"{source}: '{seed}' must name the ActorSystem '{SystemName}', a host and a port (akka.tcp://{SystemName}@host:4053)");
        }
    }

    /// <summary>
    /// The public host if given; otherwise the bind address unless it is a wildcard; otherwise the local address
    /// that routes to the first seed (so a loopback cluster advertises 127.0.0.1), else the machine's name.
    /// </summary>
    public string AdvertisedHost()
    {
        if (!string.IsNullOrWhiteSpace(PublicHost)) return PublicHost;
        if (Host is not ("0.0.0.0" or "::" or "")) return Host;
        if (Seeds.Count > 0 && Akka.Actor.Address.Parse(Seeds[0]) is { Host: { } seedHost, Port: { } seedPort })
        {
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                probe.Connect(seedHost, seedPort); // UDP: no packet is sent, only a route is chosen
                if (probe.LocalEndPoint is IPEndPoint { Address: var local })
                {
                    return local.ToString();
                }
            }
            catch (SocketException)
            {
                // an unresolvable seed host: fall back to the machine's name
            }
        }
        return Dns.GetHostName();
    }
}
