using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Coordinator.Tests.Deploy;

/// <summary>
/// The cluster command line that deploy/ is written against (docs/operations.md): subcommands with the options
/// each accepts, the environment variables nmfgrid reads, the actor system's name and the coordinator's port.
/// A deploy file that uses anything else fails the deploy tests instead of failing on a machine.
/// </summary>
internal static class ClusterCliContract
{
    public const string SystemName = "nmfgrid";
    public const int CoordinatorPort = 4053;
    public const int ManagementPort = 8558;
    public const string Image = "nmfgrid:latest";

    /// <summary>What every cluster member (coordinator, node) takes: its address and how it joins.</summary>
    private static readonly string[] MemberOptions =
    [
        "--host", "--public-host", "--port", "--seed",
        "--discovery", "--discovery-selector", "--discovery-endpoint", "--required-contact-points", "--management-host", "--management-port",
        "--insecure",
    ];

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Options = new Dictionary<string, IReadOnlySet<string>>
    {
        ["coordinator"] = new HashSet<string>(MemberOptions) { "--database", "--postgres" },
        ["node"] = new HashSet<string>(MemberOptions) { "--workers", "--blas-threads", "--blas", "--cache-dir", "--runner", "--prefetch", "--hold-limit" },
        ["run"] = new HashSet<string> { "-m", "--cluster", "--insecure" },
        ["status"] = new HashSet<string> { "--cluster", "--insecure" },
        ["certificate"] = new HashSet<string> { "--out", "--password-file", "--if-absent", "--days" },
    };

    /// <summary>The commands that join the cluster: off loopback each needs the certificate (or --insecure).</summary>
    public static readonly IReadOnlySet<string> MemberCommands = new HashSet<string> { "coordinator", "node", "run", "status" };

    public static readonly IReadOnlySet<string> BlasBackends = new HashSet<string> { "auto", "mkl", "openblas", "managed" };

    public static readonly IReadOnlySet<string> EnvironmentVariables = new HashSet<string>
    {
        "NMFGRID_SEEDS", "NMFGRID_HOST", "NMFGRID_PUBLIC_HOST", "NMFGRID_PORT", "NMFGRID_POSTGRES", "NMFGRID_DATABASE",
        "NMFGRID_WORKERS", "NMFGRID_RUNNER", "NMFGRID_PREFETCH", "NMFGRID_HOLD_LIMIT", "NMFGRID_TLS_CERT", "NMFGRID_TLS_PASSWORD", "NMFGRID_TLS_PASSWORD_FILE",
        "NMFGRID_DISCOVERY", "NMFGRID_DISCOVERY_SELECTOR", "NMFGRID_DISCOVERY_ENDPOINTS", "NMFGRID_REQUIRED_CONTACT_POINTS",
        "NMFGRID_MANAGEMENT_HOST", "NMFGRID_MANAGEMENT_PORT",
        Blas.ThreadsVariable, Blas.BackendVariable,
        "NMFGRID_DATA", // the dataset configs' ${env:NMFGRID_DATA,data}
    };
}
