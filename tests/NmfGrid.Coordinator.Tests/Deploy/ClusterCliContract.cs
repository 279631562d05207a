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
    public const string Image = "nmfgrid:latest";

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Options = new Dictionary<string, IReadOnlySet<string>>
    {
        ["coordinator"] = new HashSet<string> { "--host", "--public-host", "--port", "--seed", "--database", "--postgres" },
        ["node"] = new HashSet<string>
            { "--host", "--public-host", "--port", "--seed", "--workers", "--blas-threads", "--blas", "--cache-dir", "--runner" },
        ["run"] = new HashSet<string> { "-m", "--cluster" },
        ["status"] = new HashSet<string> { "--cluster" },
    };

    public static readonly IReadOnlySet<string> BlasBackends = new HashSet<string> { "auto", "mkl", "openblas", "managed" };

    public static readonly IReadOnlySet<string> EnvironmentVariables = new HashSet<string>
    {
        "NMFGRID_SEEDS", "NMFGRID_HOST", "NMFGRID_PUBLIC_HOST", "NMFGRID_PORT", "NMFGRID_POSTGRES", "NMFGRID_DATABASE",
        "NMFGRID_WORKERS", "NMFGRID_RUNNER", "NMFGRID_TLS_CERT", "NMFGRID_TLS_PASSWORD",
        Blas.ThreadsVariable, Blas.BackendVariable,
        "NMFGRID_DATA", // the dataset configs' ${env:NMFGRID_DATA,data}
    };
}
