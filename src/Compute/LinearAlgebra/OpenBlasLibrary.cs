using System.Runtime.InteropServices;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// OpenBLAS (Debian: libopenblas0-pthread, libopenblas.so.0), loaded once per process. Threads are set with
/// openblas_set_num_threads, which is global to the process.
/// </summary>
internal static unsafe class OpenBlasLibrary
{
    public const string DebianPackage = "libopenblas0-pthread";

    private static readonly Lazy<Binding> Loaded = new(Load);

    private sealed record Binding(string Library, string? Version, Cblas? Cblas, nint SetThreads, nint GetThreads, string? Failure);

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
    public static NativeBlas? TryCreate(int threads, out string failure)
    {
        var binding = Loaded.Value;
        if (binding.Cblas is null)
        {
            failure = binding.Failure!;
            return null;
        }
        failure = "";
        if (binding.SetThreads != 0)
            ((delegate* unmanaged<int, void>)binding.SetThreads)(threads);
        var getThreads = binding.GetThreads;
        return new NativeBlas("openblas", binding.Library, binding.Version, binding.Cblas,
                              () => getThreads == 0 ? 1 : ((delegate* unmanaged<int>)getThreads)());
    }

    private static Binding Load()
    {
        if (!NativeLibraryProbe.TryLoadFirst(Candidates(), out var handle, out var library, out var tried))
            return new Binding("", null, null, 0, 0, $"none of {string.Join(", ", tried)} could be loaded");
        var cblas = Cblas.TryBind(handle, library, out var failure);
        if (cblas is null)
            return new Binding(library, null, null, 0, 0, failure);
        NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var set);
        NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var get);
        return new Binding(library, ReadVersion(handle), cblas, set, get, null);
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
