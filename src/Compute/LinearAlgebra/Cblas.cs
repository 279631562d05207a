using System.Runtime.InteropServices;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// The two cblas entry points NmfGrid calls, bound at run time from an already loaded native library
/// (MKL's libmkl_rt and OpenBLAS export the same cblas_dgemm / cblas_sgemm). Function pointers instead
/// of [DllImport] because the library is chosen at run time, by name or path.
/// </summary>
internal sealed unsafe class Cblas
{
    // CBLAS_LAYOUT and CBLAS_TRANSPOSE values from cblas.h (the reference CBLAS, shared by MKL and OpenBLAS).
    private const int ColMajor = 102;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;

    private Cblas(nint dgemm, nint sgemm)
    {
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
    }

    /// <summary>Binds cblas_dgemm and cblas_sgemm, or says which one is missing.</summary>
    public static Cblas? TryBind(nint library, string libraryPath, out string? failure)
    {
        failure = null;
        if (!NativeLibrary.TryGetExport(library, "cblas_dgemm", out var dgemm))
            failure = $"{libraryPath} has no cblas_dgemm export";
        else if (!NativeLibrary.TryGetExport(library, "cblas_sgemm", out var sgemm))
            failure = $"{libraryPath} has no cblas_sgemm export";
        else
            return new Cblas(dgemm, sgemm);
        return null;
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     double alpha, double[] a, double[] b, double beta, double[] c)
    {
        GemmShape.Check(m, n, k, a.Length, b.Length, c.Length);
        if (GemmShape.IsDegenerate(m, n, k, beta, c))
            return;
        fixed (double* pa = a, pb = b, pc = c)
        {
            _dgemm(ColMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k,
                   alpha, pa, GemmShape.LeadingA(transA, m, k), pb, GemmShape.LeadingB(transB, n, k), beta, pc, Math.Max(1, m));
        }
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     float alpha, float[] a, float[] b, float beta, float[] c)
    {
        GemmShape.Check(m, n, k, a.Length, b.Length, c.Length);
        if (GemmShape.IsDegenerate(m, n, k, beta, c))
            return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            _sgemm(ColMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k,
                   alpha, pa, GemmShape.LeadingA(transA, m, k), pb, GemmShape.LeadingB(transB, n, k), beta, pc, Math.Max(1, m));
        }
    }
}
