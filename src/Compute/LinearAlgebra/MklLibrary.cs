using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// Intel MKL through its single dynamic library libmkl_rt (Debian non-free: libmkl-rt; or Intel oneAPI),
/// loaded once per process. libmkl_rt picks its threading layer at the first MKL call and, by default,
/// wants Intel's OpenMP (libiomp5), which Debian does not install with it: without a layer chosen
/// beforehand MKL aborts the whole process. So the layer is set right after loading, before any other
/// call: SEQUENTIAL for one thread, GNU (libgomp) or INTEL (libiomp5) for more, unless the user set
/// MKL_THREADING_LAYER. The layer is fixed for the life of the process; the thread count is not.
/// </summary>
internal static unsafe class MklLibrary
{
    public const string DebianPackage = "libmkl-rt";

    // mkl_service.h: MKL_THREADING_INTEL, MKL_THREADING_SEQUENTIAL, MKL_THREADING_GNU; MKL_INTERFACE_LP64.
    private const int ThreadingIntel = 0;
    private const int ThreadingSequential = 1;
    private const int ThreadingGnu = 3;
    private const int InterfaceLp64 = 0;

    private static readonly object Gate = new();
    private static Binding? _loaded;

    private sealed record Binding(string Library, string? Version, Cblas? Cblas, nint SetThreads, nint GetThreads, string? Failure);

    /// <summary>The library names and paths tried, in order (MKLROOT first when set).</summary>
    public static IEnumerable<string> Candidates()
    {
        if (OperatingSystem.IsWindows())
            return ["mkl_rt.2.dll", "mkl_rt.dll"];
        var extension = OperatingSystem.IsMacOS() ? "dylib" : "so";
        var names = OperatingSystem.IsMacOS()
            ? new[] { "libmkl_rt.2.dylib", "libmkl_rt.dylib" }
            : new[] { "libmkl_rt.so.2", "libmkl_rt.so" };
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("MKLROOT") is { Length: > 0 } root)
            roots.Add(root);
        roots.Add("/opt/intel/oneapi/mkl/latest");
        var paths = roots.SelectMany(r => new[] { $"{r}/lib/libmkl_rt.{extension}", $"{r}/lib/intel64/libmkl_rt.{extension}" });
        return names.Concat(paths);
    }

    /// <summary>An MKL backend using <paramref name="threads"/> threads, or null with the reason it cannot load.</summary>
    public static NativeBlas? TryCreate(int threads, out string failure)
    {
        Binding binding;
        lock (Gate)
            binding = _loaded ??= Load(threads);
        if (binding.Cblas is null)
        {
            failure = binding.Failure!;
            return null;
        }
        failure = "";
        if (binding.SetThreads != 0)
            ((delegate* unmanaged<int, void>)binding.SetThreads)(threads);
        var getThreads = binding.GetThreads;
        return new NativeBlas("mkl", binding.Library, binding.Version, binding.Cblas,
                              () => getThreads == 0 ? 1 : ((delegate* unmanaged<int>)getThreads)());
    }

    private static Binding Load(int threads)
    {
        if (!NativeLibraryProbe.TryLoadFirst(Candidates(), out var handle, out var library, out var tried))
            return new Binding("", null, null, 0, 0, $"none of {string.Join(", ", tried)} could be loaded");

        // Before any other MKL call (see the class comment).
        if (NativeLibrary.TryGetExport(handle, "mkl_set_interface_layer", out var setInterface))
            ((delegate* unmanaged<int, int>)setInterface)(InterfaceLp64);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MKL_THREADING_LAYER")))
        {
            if (!NativeLibrary.TryGetExport(handle, "mkl_set_threading_layer", out var setLayer))
                return new Binding(library, null, null, 0, 0,
                                   $"{library} has no mkl_set_threading_layer export, so its threading layer cannot be chosen safely");
            ((delegate* unmanaged<int, int>)setLayer)(ThreadingLayerFor(threads));
        }

        var cblas = Cblas.TryBind(handle, library, out var failure);
        if (cblas is null)
            return new Binding(library, null, null, 0, 0, failure);
        var set = Export(handle, "MKL_Set_Num_Threads", "mkl_set_num_threads");
        var get = Export(handle, "MKL_Get_Max_Threads", "mkl_get_max_threads");
        return new Binding(library, ReadVersion(handle), cblas, set, get, null);
    }

    /// <summary>One thread needs no OpenMP runtime at all; more threads need whichever runtime is installed.</summary>
    private static int ThreadingLayerFor(int threads)
    {
        if (threads <= 1)
            return ThreadingSequential;
        if (NativeLibrary.TryLoad("libgomp.so.1", out _))
            return ThreadingGnu;
        if (NativeLibrary.TryLoad(OperatingSystem.IsWindows() ? "libiomp5md.dll" : "libiomp5.so", out _))
            return ThreadingIntel;
        return ThreadingSequential;
    }

    private static nint Export(nint handle, params string[] names)
    {
        foreach (var name in names)
            if (NativeLibrary.TryGetExport(handle, name, out var address))
                return address;
        return 0;
    }

    /// <summary>MKL_Get_Version_String gives e.g. "Intel(R) Math Kernel Library Version 2020.0.4 Product Build …".</summary>
    private static string? ReadVersion(nint handle)
    {
        if (!NativeLibrary.TryGetExport(handle, "MKL_Get_Version_String", out var getVersion))
            return null;
        var buffer = stackalloc byte[256];
        ((delegate* unmanaged<byte*, int, void>)getVersion)(buffer, 256);
        var text = Marshal.PtrToStringUTF8((nint)buffer) ?? "";
        var match = Regex.Match(text, @"Version (\d[\d.]*)");
        return match.Success ? match.Groups[1].Value : null;
    }
}
