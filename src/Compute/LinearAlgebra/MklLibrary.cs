using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// Intel MKL through its single dynamic library libmkl_rt (Debian non-free: libmkl-rt; or Intel oneAPI),
/// loaded once per process. libmkl_rt picks its threading layer at the first MKL call and, by default,
/// wants Intel's OpenMP (libiomp5), which Debian does not install with it: without a layer chosen
/// beforehand MKL aborts the whole process. So the layer is set right after loading, before any other
/// call, unless the user set MKL_THREADING_LAYER: GNU when libgomp is installed (it is, with gcc), else
/// INTEL when libiomp5 is, else SEQUENTIAL. The layer is fixed for the life of the process; an OpenMP
/// layer keeps the thread count adjustable later (with one thread it runs like SEQUENTIAL), which is
/// why SEQUENTIAL is only the last resort.
/// </summary>
internal static unsafe class MklLibrary
{
    public const string DebianPackage = "libmkl-rt";

    // mkl_service.h: MKL_THREADING_INTEL, MKL_THREADING_SEQUENTIAL, MKL_THREADING_GNU; MKL_INTERFACE_LP64.
    private const int ThreadingIntel = 0;
    private const int ThreadingSequential = 1;
    private const int ThreadingGnu = 3;
    private const int InterfaceLp64 = 0;

    private static readonly Lazy<NativeBinding> Loaded = new(Load);

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
    public static NativeBlas? TryCreate(int threads, out string failure) => Loaded.Value.TryCreate("mkl", threads, out failure);

    private static NativeBinding Load()
    {
        if (!NativeLibraryProbe.TryLoadFirst(Candidates(), out var handle, out var library, out var tried))
            return NativeBinding.Unavailable("", $"none of {string.Join(", ", tried)} could be loaded");

        // Before any other MKL call (see the class comment).
        if (NativeLibrary.TryGetExport(handle, "MKL_Set_Interface_Layer", out var setInterface))
            ((delegate* unmanaged<int, int>)setInterface)(InterfaceLp64);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MKL_THREADING_LAYER")))
        {
            if (!NativeLibrary.TryGetExport(handle, "MKL_Set_Threading_Layer", out var setLayer))
                return NativeBinding.Unavailable(library, $"{library} has no MKL_Set_Threading_Layer export, so its threading layer cannot be chosen safely");
            ((delegate* unmanaged<int, int>)setLayer)(AvailableThreadingLayer());
        }

        var cblas = Cblas.TryBind(handle, library, out var failure);
        if (cblas is null)
            return NativeBinding.Unavailable(library, failure);
        // The CamelCase names are MKL's C interface; the lower-case ones take Fortran pointers.
        var set = Export(handle, "MKL_Set_Num_Threads");
        var get = Export(handle, "MKL_Get_Max_Threads");
        return new NativeBinding(library, ReadVersion(handle), cblas, Lapack.TryBind(handle), set, get, null);
    }

    private static int AvailableThreadingLayer()
    {
        if (OperatingSystem.IsWindows())
            return NativeLibrary.TryLoad("libiomp5md.dll", out _) ? ThreadingIntel : ThreadingSequential;
        if (TryLoadGlobal(OperatingSystem.IsMacOS() ? "libgomp.1.dylib" : "libgomp.so.1"))
            return ThreadingGnu;
        if (TryLoadGlobal(OperatingSystem.IsMacOS() ? "libiomp5.dylib" : "libiomp5.so"))
            return ThreadingIntel;
        return ThreadingSequential;
    }

    /// <summary>
    /// MKL's threading libraries do not link their OpenMP runtime themselves (libmkl_gnu_thread leaves
    /// omp_* undefined): the runtime's symbols must already be global in the process. NativeLibrary loads
    /// with local symbols, so this calls dlopen(RTLD_NOW | RTLD_GLOBAL) directly.
    /// </summary>
    private static bool TryLoadGlobal(string library)
    {
        const int RtldNow = 0x2;
        var rtldGlobal = OperatingSystem.IsMacOS() ? 0x8 : 0x100;
        var libc = OperatingSystem.IsMacOS() ? "libSystem.dylib" : "libc.so.6";
        if (!NativeLibrary.TryLoad(libc, out var handle) || !NativeLibrary.TryGetExport(handle, "dlopen", out var dlopen))
            return false;
        var name = Marshal.StringToCoTaskMemUTF8(library);
        try
        {
            return ((delegate* unmanaged<nint, int, nint>)dlopen)(name, RtldNow | rtldGlobal) != 0;
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    private static nint Export(nint handle, string name) =>
        NativeLibrary.TryGetExport(handle, name, out var address) ? address : 0;

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
