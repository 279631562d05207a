using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Node.Workers;

/// <summary>
/// The BLAS a process's jobs factorise with, made from a backend's name (auto, mkl, openblas, managed: `run.blas`,
/// `node --blas`, NMFGRID_BLAS) and its threads per job. The coordinator's commands and settings name a backend and
/// print the library they got; making it is the node's business, so NmfGrid.Coordinator needs no NmfGrid.Compute
/// type for it (docs/ARCHITECTURE.md, "Projects and what they may reference").
/// </summary>
public sealed class WorkerBlas
{
    private WorkerBlas(IBlas library) => Library = library;

    /// <summary>The backend names, in any letter case.</summary>
    public static IReadOnlyList<string> Backends => BlasBackendName.All;

    /// <summary>The library in use ("openblas" where "auto" found OpenBLAS).</summary>
    public string Name => Library.Name;

    public int Threads => Library.Threads;

    internal IBlas Library { get; }

    /// <summary>The backend's name as configs write it (lower case).</summary>
    /// <exception cref="ArgumentException">the name is none of <see cref="Backends"/>.</exception>
    public static string BackendName(string name) => BlasBackendName.Parse(name).ToName();

    /// <exception cref="ArgumentException">an unknown backend name (here or in the environment).</exception>
    /// <exception cref="BlasUnavailableException">MKL or OpenBLAS asked for by name, but it cannot load.</exception>
    public static WorkerBlas Create(string backend, int threads) => new(Blas.Create(BlasBackendName.Parse(backend), threads));
}
