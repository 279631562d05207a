using System.Runtime.InteropServices;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// OpenBLAS (Debian: libopenblas0-pthread, libopenblas.so.0), loaded once per process. Threads are set with
/// openblas_set_num_threads, which is global to the process.
/// </summary>
internal static unsafe class OpenBlasLibrary
{
    public const string DebianPackage = "libopenblas0-pthread";

    private static readonly Lazy<NativeBinding> Loaded = new(Load);

    /// <summary>The library names and paths tried, in order.</summary>
    public static IEnumerable<string> Candidates()
    {
        if (OperatingSystem.IsWindows())
            return ["libopenblas.dll", "openblas.dll"];
        if (OperatingSystem.IsMacOS())
            return ["libopenblas.dylib", "libopenblas.0.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
                    "/usr/local/opt/openblas/lib/libopenblas.dylib"];
        var multiarch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        return ["libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0",
                $"/usr/lib/{multiarch}/openblas-pthread/libopenblas.so.0", $"/usr/lib/{multiarch}/libopenblas.so.0",
                "/usr/lib64/libopenblas.so.0", "/usr/local/lib/libopenblas.so.0"];
    }

    /// <summary>An OpenBLAS backend using <paramref name="threads"/> threads, or null with the reason it cannot load.</summary>
    public static NativeBlas? TryCreate(int threads, out string failure) => Loaded.Value.TryCreate("openblas", threads, out failure);

    private static NativeBinding Load()
    {
        if (!NativeLibraryProbe.TryLoadFirst(Candidates(), out var handle, out var library, out var tried))
            return NativeBinding.Unavailable("", $"none of {string.Join(", ", tried)} could be loaded");
        var cblas = Cblas.TryBind(handle, library, out var failure);
        if (cblas is null)
            return NativeBinding.Unavailable(library, failure);
        NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var set);
        NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var get);
        return new NativeBinding(library, ReadVersion(handle), cblas, Lapack.TryBind(handle), set, get, null);
    }

    /// <summary>openblas_get_config() reads like "OpenBLAS 0.3.21 NO_AFFINITY Zen MAX_THREADS=64"; the version is the second word.</summary>
    private static string? ReadVersion(nint handle)
    {
        if (!NativeLibrary.TryGetExport(handle, "openblas_get_config", out var getConfig))
            return null;
        var config = NativeLibraryProbe.ReadCString(((delegate* unmanaged<nint>)getConfig)());
        var words = config?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words is { Length: >= 2 } && words[0] == "OpenBLAS" ? words[1] : null;
    }
}
