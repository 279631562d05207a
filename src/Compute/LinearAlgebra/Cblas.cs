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
    private const int Upper = 121;

    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;

    private readonly delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void> _dsyrk;
    private readonly delegate* unmanaged<int, int, int, int, int, float, float*, int, float, float*, int, void> _ssyrk;

    private Cblas(nint dgemm, nint sgemm, nint dsyrk, nint ssyrk)
    {
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
        _dsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)dsyrk;
        _ssyrk = (delegate* unmanaged<int, int, int, int, int, float, float*, int, float, float*, int, void>)ssyrk;
    }

    /// <summary>Binds cblas_dgemm, cblas_sgemm, cblas_dsyrk and cblas_ssyrk, or says which one is missing.</summary>
    public static Cblas? TryBind(nint library, string libraryPath, out string? failure)
    {
        failure = null;
        var entries = new nint[4];
        string[] names = ["cblas_dgemm", "cblas_sgemm", "cblas_dsyrk", "cblas_ssyrk"];
        for (var i = 0; i < names.Length; i++)
        {
            if (!NativeLibrary.TryGetExport(library, names[i], out entries[i]))
            {
                failure = $"{libraryPath} has no {names[i]} export";
                return null;
            }
        }

        return new Cblas(entries[0], entries[1], entries[2], entries[3]);
    }

    /// <summary>C (n×n) = A·Aᵀ (A n×k) or AᵀA (A k×n, <paramref name="transpose"/>): the upper triangle by syrk, then mirrored.</summary>
    public void Gram(bool transpose, int n, int k, double[] a, double[] c)
    {
        GemmShape.Check(n, n, k, a.Length, a.Length, c.Length);
        if (n == 0)
            return;
        if (k == 0)
        {
            Array.Clear(c, 0, n * n);
            return;
        }

        fixed (double* pa = a, pc = c)
        {
            _dsyrk(ColMajor, Upper, transpose ? Trans : NoTrans, n, k, 1.0, pa, Math.Max(1, transpose ? k : n), 0.0, pc, Math.Max(1, n));
        }

        MirrorUpper(c, n);
    }

    /// <inheritdoc cref="Gram(bool, int, int, double[], double[])"/>
    public void Gram(bool transpose, int n, int k, float[] a, float[] c)
    {
        GemmShape.Check(n, n, k, a.Length, a.Length, c.Length);
        if (n == 0)
            return;
        if (k == 0)
        {
            Array.Clear(c, 0, n * n);
            return;
        }

        fixed (float* pa = a, pc = c)
        {
            _ssyrk(ColMajor, Upper, transpose ? Trans : NoTrans, n, k, 1f, pa, Math.Max(1, transpose ? k : n), 0f, pc, Math.Max(1, n));
        }

        MirrorUpper(c, n);
    }

    private static void MirrorUpper<T>(T[] c, int n)
    {
        for (var j = 0; j < n; j++)
        {
            for (var i = j + 1; i < n; i++)
            {
                c[j * n + i] = c[i * n + j];  // lower (i, j) ← upper (j, i)
            }
        }
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     double alpha, double[] a, double[] b, double beta, double[] c) =>
        Gemm(transA, transB, m, n, k, alpha, (ReadOnlySpan<double>)a, b, beta, c);

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     float alpha, float[] a, float[] b, float beta, float[] c) =>
        Gemm(transA, transB, m, n, k, alpha, (ReadOnlySpan<float>)a, b, beta, c);

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
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
                     float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c)
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
