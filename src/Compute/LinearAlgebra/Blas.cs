using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// Chooses the BLAS a run uses. <see cref="BlasBackend.Auto"/> prefers MKL on Intel CPUs and OpenBLAS
/// elsewhere, tries the other native library next, and falls back to the managed provider when neither
/// loads. A backend asked for by name that cannot load is an error, never a silent fallback.
/// <para>
/// Two environment variables override what the caller passes, so a deployment can switch BLAS without
/// touching configs: <c>NMFGRID_BLAS</c> (auto | mkl | openblas | managed) and <c>NMFGRID_BLAS_THREADS</c>
/// (a positive integer). Native thread counts are process-wide: the last backend created sets them.
/// </para>
/// </summary>
public static class Blas
{
    public const string BackendVariable = "NMFGRID_BLAS";
    public const string ThreadsVariable = "NMFGRID_BLAS_THREADS";

    /// <exception cref="ArgumentException">an unknown backend name or thread count in the environment.</exception>
    /// <exception cref="ArgumentOutOfRangeException">threads &lt; 1.</exception>
    /// <exception cref="BlasUnavailableException">MKL or OpenBLAS asked for by name, but it cannot load.</exception>
    public static IBlas Create(BlasBackend backend = BlasBackend.Auto, int threads = 1) =>
        Create(backend, threads, Environment.GetEnvironmentVariable);

    /// <summary><see cref="Create(BlasBackend, int)"/> with the environment given as a lookup, for tests.</summary>
    internal static IBlas Create(BlasBackend backend, int threads, Func<string, string?> environment)
    {
        string? requestedBy = null;
        if (environment(BackendVariable) is { Length: > 0 } name)
        {
            if (!BlasBackendName.TryParse(name, out backend))
                throw new ArgumentException(
                    $"Environment variable {BackendVariable}='{name}' is not a BLAS backend. Known: {string.Join(", ", BlasBackendName.All)}.",
                    BackendVariable);
            requestedBy = $"{BackendVariable}={name}";
        }
        if (environment(ThreadsVariable) is { Length: > 0 } count)
        {
            if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1)
                throw new ArgumentException(
                    $"Environment variable {ThreadsVariable}='{count}' is not a positive whole number of threads.", ThreadsVariable);
        }
        CheckThreads(threads);

        if (backend == BlasBackend.Auto)
        {
            foreach (var candidate in AutoOrder(IsIntelCpu()))
                if (TryCreate(candidate, threads, out var blas, out _))
                    return blas;
            return new ManagedBlas();
        }
        return TryCreate(backend, threads, out var chosen, out var failure)
            ? chosen
            : throw new BlasUnavailableException(backend, DebianPackage(backend), failure!, requestedBy);
    }

    /// <summary>
    /// Exactly the backend named (no environment override, no fallback), or false with the reason it
    /// cannot load. Benchmarks and tests use it to visit every backend present.
    /// </summary>
    public static bool TryCreate(BlasBackend backend, int threads, [NotNullWhen(true)] out IBlas? blas, out string? failure)
    {
        CheckThreads(threads);
        failure = null;
        blas = backend switch
        {
            BlasBackend.Managed => new ManagedBlas(),
            BlasBackend.Mkl => MklLibrary.TryCreate(threads, out failure),
            BlasBackend.OpenBlas => OpenBlasLibrary.TryCreate(threads, out failure),
            BlasBackend.Auto => Create(BlasBackend.Auto, threads, _ => null),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Not a BLAS backend."),
        };
        if (blas is null)
            return false;
        failure = null;
        return true;
    }

    /// <summary>The Debian package that provides a native backend's library.</summary>
    public static string DebianPackage(BlasBackend backend) => backend switch
    {
        BlasBackend.Mkl => MklLibrary.DebianPackage,
        BlasBackend.OpenBlas => OpenBlasLibrary.DebianPackage,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Only MKL and OpenBLAS are native libraries."),
    };

    /// <summary>The native libraries Auto tries, best first: MKL is usually fastest on Intel, OpenBLAS on AMD and ARM.</summary>
    internal static IReadOnlyList<BlasBackend> AutoOrder(bool intelCpu) =>
        intelCpu ? [BlasBackend.Mkl, BlasBackend.OpenBlas] : [BlasBackend.OpenBlas, BlasBackend.Mkl];

    /// <summary>CPUID leaf 0 spells the vendor in EBX, EDX, ECX: "GenuineIntel", "AuthenticAMD", ….</summary>
    public static bool IsIntelCpu()
    {
        if (!X86Base.IsSupported)
            return false;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        var vendor = new byte[12];
        BitConverter.TryWriteBytes(vendor.AsSpan(0), ebx);
        BitConverter.TryWriteBytes(vendor.AsSpan(4), edx);
        BitConverter.TryWriteBytes(vendor.AsSpan(8), ecx);
        return Encoding.ASCII.GetString(vendor) == "GenuineIntel";
    }

    private static void CheckThreads(int threads)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "BLAS threads must be at least 1.");
    }
}
