namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>A native BLAS was asked for by name but cannot be loaded on this machine.</summary>
public sealed class BlasUnavailableException(BlasBackend backend, string debianPackage, string reason, string? requestedBy = null)
    : Exception(
        $"BLAS backend '{backend.ToName()}' was asked for{(requestedBy is null ? "" : $" by {requestedBy}")} but cannot be used: {reason}. " +
        $"Install it (Debian: apt-get install {debianPackage}" +
        (backend == BlasBackend.Mkl ? ", from the non-free component; or Intel oneAPI MKL with MKLROOT set" : "") +
        $") or choose another backend ({string.Join(", ", BlasBackendName.All.Where(n => n != backend.ToName()))}).")
{
    public BlasBackend Backend { get; } = backend;

    /// <summary>The Debian package that provides the library.</summary>
    public string DebianPackage { get; } = debianPackage;
}
