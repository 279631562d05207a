using System.Runtime.InteropServices;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// The LAPACK routine NmfGrid calls, dgesdd (the divide-and-conquer SVD numpy.linalg.svd uses), bound from the
/// loaded BLAS library's Fortran export <c>dgesdd_</c>: OpenBLAS and MKL both carry LAPACK, while Debian ships
/// LAPACKE's C wrappers separately, so the Fortran symbol is the one both have. Every argument goes by pointer;
/// the hidden length of the one-character JOBZ argument (gfortran passes it last) is given as 1.
/// </summary>
internal sealed unsafe class Lapack
{
    private readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nuint, void> _dgesdd;

    private Lapack(nint dgesdd) =>
        _dgesdd = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nuint, void>)dgesdd;

    /// <summary>Binds dgesdd_, or null when the library has no LAPACK.</summary>
    public static Lapack? TryBind(nint library) =>
        NativeLibrary.TryGetExport(library, "dgesdd_", out var dgesdd) ? new Lapack(dgesdd) : null;

    /// <summary>
    /// The thin SVD A = U·diag(S)·Vᵀ of a column-major m×n matrix (dgesdd, JOBZ = 'S'): U m×p, S p, Vt p×n with
    /// p = min(m, n), S descending. <paramref name="a"/> is overwritten. False when LAPACK reports an error or no
    /// convergence (INFO ≠ 0).
    /// </summary>
    public bool ThinSvd(int m, int n, double[] a, double[] s, double[] u, double[] vt)
    {
        var p = Math.Min(m, n);
        if (a.Length < m * n || s.Length < p || u.Length < m * p || vt.Length < p * n)
            throw new ArgumentException("An SVD's arrays are smaller than its shape.");
        if (p == 0)
            return true;

        byte jobz = (byte)'S';
        int lda = Math.Max(1, m), ldu = Math.Max(1, m), ldvt = Math.Max(1, p), info = 0, query = -1;
        var iwork = new int[8 * p];
        double optimal = 0;
        fixed (double* pa = a, ps = s, pu = u, pvt = vt)
        fixed (int* pi = iwork)
        {
            _dgesdd(&jobz, &m, &n, pa, &lda, ps, pu, &ldu, pvt, &ldvt, &optimal, &query, pi, &info, 1);   // workspace query
            if (info != 0)
                return false;
            var work = new double[Math.Max(1, (int)optimal)];
            var lwork = work.Length;
            fixed (double* pw = work)
            {
                _dgesdd(&jobz, &m, &n, pa, &lda, ps, pu, &ldu, pvt, &ldvt, pw, &lwork, pi, &info, 1);
            }
        }

        return info == 0;
    }
}
