using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// The volume term of min-vol NMF at one W: ln det(WᵀW + δI) and Y = (WᵀW + δI)⁻¹, the matrix of its MM
/// majoriser logdet(Q) ≤ const + tr(Y·Q) (logdet is concave in Q = WᵀW). K×K, in double whatever W's type:
/// Cholesky of the Gram matrix (δ &gt; 0 keeps it positive definite).
/// </summary>
internal sealed record VolumePenalty(double[] Inverse, double LogDet)
{
    /// <param name="w">W, F×K column-major.</param>
    public static VolumePenalty Of<T>(T[] w, int rows, int rank, double delta, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gram = new T[rank * rank];
        blas.Gemm(true, false, rank, rank, rows, 1.0, w, w, 0.0, gram);
        var q = Matrix<double>.Build.Dense(rank, rank,
            (i, j) => 0.5 * double.CreateTruncating(gram[j * rank + i] + gram[i * rank + j]) + (i == j ? delta : 0.0));
        var cholesky = q.Cholesky();
        var inverse = cholesky.Solve(Matrix<double>.Build.DenseIdentity(rank));
        var y = (inverse + inverse.Transpose()) * 0.5;
        return new VolumePenalty(y.ToColumnMajorArray(), cholesky.DeterminantLn);
    }

    /// <summary>Y⁺ + Y⁻ = |Y| and Y⁻ = max(−Y, 0), elementwise, in T (for the GEMMs W|Y| and WY⁻).</summary>
    public (T[] Absolute, T[] Negative) Parts<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        (Inverse.Select(y => T.CreateTruncating(Math.Abs(y))).ToArray(),
         Inverse.Select(y => T.CreateTruncating(Math.Max(-y, 0.0))).ToArray());
}
