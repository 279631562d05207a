using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Initialisation;

/// <summary>
/// The K leading singular triplets of V (F×T): V ≈ U·diag(S)·Vᵀ with U F×K, S K, Vt K×T.
/// Small matrices get an exact SVD: LAPACK's dgesdd where the BLAS library carries it, else Math.NET's. Math.NET
/// has no thin SVD, and its full one costs O(F·T·min(F,T)) with both square factors formed (about a minute at
/// 1025×2584), so larger ones use the randomized
/// range finder scikit-learn's NNDSVD itself uses (Halko, Martinsson &amp; Tropp 2011: K+10 columns, 7 power
/// iterations, 4 when K ≥ 0.1·min(F,T)), with QR re-orthonormalisation and an exact Rayleigh–Ritz step
/// on the small projected matrix. Its products go through <see cref="IBlas"/>.
/// </summary>
internal static class TruncatedSvd
{
    /// <summary>F·T·min(F, T) up to which the exact SVD is used (e.g. 200×500).</summary>
    public const double ExactWorkLimit = 2e7;

    /// <summary>
    /// F·T·min(F, T) up to which <see cref="Precise"/> takes LAPACK's exact SVD where the backend has it, rather than
    /// subspace iteration. OpenBLAS, one thread, F × 7680, K = 10: F = 64 24–29 against 214–228 ms, F = 150 91–107
    /// against 213–228 ms, F = 250 235–267 against 249–263 ms (subspace iteration's cost depends on the spectrum).
    /// </summary>
    public const double LapackWorkLimit = 2e8;

    public static (Matrix<double> U, double[] S, Matrix<double> Vt) Compute(Matrix<double> v, int rank, int seed, IBlas blas,
                                                                            bool? exact = null)
    {
        int f = v.RowCount, t = v.ColumnCount;
        if (exact ?? (double)f * t * Math.Min(f, t) <= ExactWorkLimit)
        {
            return Exact(v, rank, blas);
        }

        return Randomized(v, rank, seed, blas);
    }

    /// <summary>
    /// Exact thin SVD: LAPACK's dgesdd (JOBZ = 'S', numpy.linalg.svd's routine) where the BLAS library has it, in
    /// O(F·T·min(F,T)) with blocked native QR/LQ; Math.NET otherwise. The two differ in rounding and may differ in
    /// the sign of a triplet (u_j, v_j); both NNDSVD variants are sign-free (the first pair takes magnitudes, the
    /// others pick the larger of the positive and negative parts' products), except on an exact tie.
    /// </summary>
    private static (Matrix<double> U, double[] S, Matrix<double> Vt) Exact(Matrix<double> v, int rank, IBlas blas) =>
        LapackExact(v, rank, blas) ?? ManagedExact(v, rank);

    /// <summary>The exact thin SVD through LAPACK's dgesdd, or null where the backend has none.</summary>
    private static (Matrix<double> U, double[] S, Matrix<double> Vt)? LapackExact(Matrix<double> v, int rank, IBlas blas)
    {
        int f = v.RowCount, t = v.ColumnCount, p = Math.Min(f, t);
        var u = new double[f * p];
        var s = new double[p];
        var vt = new double[p * t];
        if (!blas.TryThinSvd(f, t, ColumnMajor.Copy(v), s, u, vt))
            return null;
        return (ColumnMajor.Wrap(f, rank, u[..(f * rank)]), s[..rank], ColumnMajor.Wrap(p, t, vt).SubMatrix(0, rank, 0, t));
    }

    /// <summary>
    /// Math.NET's exact thin SVD. Math.NET forms both square factors, so a tall or wide V (a barwise matrix is
    /// 12288×25) would cost an F×F or T×T matrix; a thin QR first (V = Q·R, or Vᵀ = Q·R when wide) leaves the SVD a min(F,T) square.
    /// </summary>
    private static (Matrix<double> U, double[] S, Matrix<double> Vt) ManagedExact(Matrix<double> v, int rank)
    {
        int f = v.RowCount, t = v.ColumnCount;
        if (f > 2 * t)
        {
            var qr = v.QR(QRMethod.Thin);                              // V = Q R, R t×t
            var svd = qr.R.Svd(computeVectors: true);                  // R = Ũ S Vᵀ → V = (Q Ũ) S Vᵀ
            return (qr.Q * svd.U.SubMatrix(0, t, 0, rank), svd.S.SubVector(0, rank).ToArray(), svd.VT.SubMatrix(0, rank, 0, t));
        }

        if (t > 2 * f)
        {
            var qr = v.Transpose().QR(QRMethod.Thin);                  // Vᵀ = Q R → V = Rᵀ Qᵀ, Rᵀ f×f
            var svd = qr.R.Transpose().Svd(computeVectors: true);      // Rᵀ = U S W̃ᵀ → V = U S (Q W̃)ᵀ
            return (svd.U.SubMatrix(0, f, 0, rank), svd.S.SubVector(0, rank).ToArray(),
                    svd.VT.SubMatrix(0, rank, 0, f) * qr.Q.Transpose());
        }

        var full = v.Svd(computeVectors: true);
        return (full.U.SubMatrix(0, f, 0, rank), full.S.SubVector(0, rank).ToArray(), full.VT.SubMatrix(0, rank, 0, t));
    }

    /// <summary>
    /// The K leading triplets to full double precision, as an exact SVD gives them: the exact SVD for small V
    /// (LAPACK's up to <see cref="LapackWorkLimit"/> where the backend has it), else subspace iteration (K+40 columns, Rayleigh–Ritz every step) until every residual
    /// ‖V·v_j − s_j·u_j‖ and ‖Vᵀ·u_j − s_j·v_j‖ is within 1e-13·s₀, at most 1000 steps.
    /// </summary>
    public static (Matrix<double> U, double[] S, Matrix<double> Vt) Precise(Matrix<double> v, int rank, int seed, IBlas blas,
                                                                            bool? exact = null)
    {
        int f = v.RowCount, t = v.ColumnCount;
        var work = (double)f * t * Math.Min(f, t);
        if (exact ?? work <= ExactWorkLimit)
        {
            return Compute(v, rank, seed, blas, exact: true);
        }

        if (exact is null && work <= LapackWorkLimit && LapackExact(v, rank, blas) is { } lapack)
        {
            return lapack;
        }

        // 40 extra columns: each step shrinks the error by (s_{K+41}/s_K)², so a wider block needs far fewer steps
        // (nn_fac's start on a 1025×2584 spectrogram, K=10: 2.4 s with 10 extra columns, 0.25 s with 40, 0.5 s with 80).
        var columns = Math.Min(rank + 40, Math.Min(f, t));
        var data = ColumnMajor.Values(v);
        var normal = new GaussianSamples(seed);
        var p = new double[t * columns];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = normal.Next();
        }

        var y = new double[f * columns];
        var z = new double[t * columns];
        var residualU = new double[f * rank];
        var residualV = new double[t * rank];
        (Matrix<double> U, double[] S, Matrix<double> Vt) best = default;
        for (var step = 0; step < 1000; step++)
        {
            blas.Gemm(false, false, f, columns, t, 1.0, data, Orthonormal(p, t, columns), 0.0, y);   // Y = V P
            var q = Orthonormal(y, f, columns);
            blas.Gemm(true, false, t, columns, f, 1.0, data, q, 0.0, z);                          // Z = Vᵀ Q = (Qᵀ V)ᵀ
            // Rayleigh–Ritz on B = Qᵀ V = Zᵀ (columns×T), thin: Z = Q_z R, Rᵀ = Ũ Σ W̃ᵀ, so B = Ũ Σ (Q_z W̃)ᵀ and
            // U = Q Ũ, Vᵀ = (Q_z W̃)ᵀ. (Math.NET's SVD of B itself would form a T×T factor at every step.)
            var qr = ColumnMajor.Wrap(t, columns, (double[])z.Clone()).QR(QRMethod.Thin);
            var small = qr.R.Transpose().Svd(computeVectors: true);
            var u = ColumnMajor.Wrap(f, columns, q) * small.U.SubMatrix(0, columns, 0, rank);
            var vt = (qr.Q * small.VT.Transpose().SubMatrix(0, columns, 0, rank)).Transpose();
            var s = small.S.SubVector(0, rank).ToArray();
            best = (u, s, vt);
            if (Residual(data, f, t, best, blas, residualU, residualV) <= 1e-13 * Math.Max(s[0], double.Epsilon))
            {
                break;
            }

            p = (double[])z.Clone();
        }

        return best;
    }

    /// <summary>max_j max(‖V·v_j − s_j·u_j‖, ‖Vᵀ·u_j − s_j·v_j‖), the two products through the BLAS.</summary>
    private static double Residual(double[] data, int f, int t, (Matrix<double> U, double[] S, Matrix<double> Vt) svd, IBlas blas,
                                   double[] left, double[] right)
    {
        var rank = svd.S.Length;
        var u = ColumnMajor.Values(svd.U);
        var vt = ColumnMajor.Values(svd.Vt);                                      // K×T
        blas.Gemm(false, true, f, rank, t, 1.0, data, vt, 0.0, left);             // V (Vt)ᵀ, F×K
        blas.Gemm(true, false, t, rank, f, 1.0, data, u, 0.0, right);             // Vᵀ U, T×K
        var worst = 0.0;
        for (var j = 0; j < rank; j++)
        {
            double a = 0, b = 0;
            for (var i = 0; i < f; i++)
            {
                var d = left[j * f + i] - svd.S[j] * u[j * f + i];
                a += d * d;
            }

            for (var i = 0; i < t; i++)
            {
                var d = right[j * t + i] - svd.S[j] * vt[i * rank + j];
                b += d * d;
            }

            worst = Math.Max(worst, Math.Sqrt(Math.Max(a, b)));
        }

        return worst;
    }

    private static (Matrix<double> U, double[] S, Matrix<double> Vt) Randomized(Matrix<double> v, int rank, int seed, IBlas blas)
    {
        int f = v.RowCount, t = v.ColumnCount;
        var columns = Math.Min(rank + 10, Math.Min(f, t));
        var powerIterations = rank < 0.1 * Math.Min(f, t) ? 7 : 4;
        var data = ColumnMajor.Values(v);

        var normal = new GaussianSamples(seed);
        var omega = new double[t * columns];
        for (var i = 0; i < omega.Length; i++)
        {
            omega[i] = normal.Next();
        }

        var y = new double[f * columns];
        var z = new double[t * columns];
        blas.Gemm(false, false, f, columns, t, 1.0, data, omega, 0.0, y);             // Y = V Ω
        for (var i = 0; i < powerIterations; i++)
        {
            var q = Orthonormal(y, f, columns);
            blas.Gemm(true, false, t, columns, f, 1.0, data, q, 0.0, z);              // Z = Vᵀ Q
            var p = Orthonormal(z, t, columns);
            blas.Gemm(false, false, f, columns, t, 1.0, data, p, 0.0, y);             // Y = V P
        }

        var basis = Orthonormal(y, f, columns);
        var b = new double[columns * t];
        blas.Gemm(true, false, columns, t, f, 1.0, basis, data, 0.0, b);              // B = Qᵀ V
        var gram = new double[columns * columns];
        blas.Gemm(false, true, columns, columns, t, 1.0, b, b, 0.0, gram);            // B Bᵀ = Ũ Σ² Ũᵀ

        var evd = ColumnMajor.Wrap(columns, columns, gram).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, columns).OrderByDescending(j => evd.EigenValues[j].Real).Take(rank).ToArray();
        var q0 = ColumnMajor.Wrap(f, columns, basis);
        var bMatrix = ColumnMajor.Wrap(columns, t, b);
        var u = Matrix<double>.Build.Dense(f, rank);
        var vt = Matrix<double>.Build.Dense(rank, t);
        var s = new double[rank];
        for (var j = 0; j < rank; j++)
        {
            var small = evd.EigenVectors.Column(order[j]);
            s[j] = Math.Sqrt(Math.Max(evd.EigenValues[order[j]].Real, 0.0));
            u.SetColumn(j, q0 * small);
            var right = bMatrix.TransposeThisAndMultiply(small);
            vt.SetRow(j, s[j] > 0 ? right / s[j] : right);
        }

        return (u, s, vt);
    }

    /// <summary>An orthonormal basis (thin QR's Q) of the columns of a rows×columns column-major matrix.</summary>
    private static double[] Orthonormal(double[] values, int rows, int columns) =>
        ColumnMajor.Wrap(rows, columns, (double[])values.Clone()).QR(QRMethod.Thin).Q.ToColumnMajorArray();
}
