using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// The nonnegative least-squares step of HALS for one factor, min_{A ≥ 0} ½‖X_(n) − A·Bᵀ‖² given its normal equations
/// G = BᵀB (R×R) and P = X_(n)·B (I×R), as nn_fac's hals_nnls_acc (Gillis &amp; Glineur 2012) sweeps it:
///   Δ = max((P[:,r] − A·G[:,r]) / G[r,r], −A[:,r]),   A[:,r] += Δ,
/// repeated while ΣΔ² of a sweep stays above δ·(ΣΔ² of the first sweep), at most <paramref name="maxSweeps"/> times.
/// A component with G[r,r] = 0 (dead in every other mode) is left as it is.
/// </summary>
public static class HalsNnls
{
    /// <summary>nn_fac's δ and sweep cap.</summary>
    public const double Delta = 0.01;
    public const int MaxSweeps = 100;

    /// <summary>Updates <paramref name="a"/> in place.</summary>
    public static void Solve(Matrix<double> a, Matrix<double> gram, Matrix<double> cross, int maxSweeps = MaxSweeps, double delta = Delta)
    {
        int rows = a.RowCount, rank = a.ColumnCount;
        var av = ColumnMajor.Values(a);
        var g = ColumnMajor.Values(gram);
        var p = ColumnMajor.Values(cross);
        double first = 0;
        for (var sweep = 1; sweep <= maxSweeps; sweep++)
        {
            double step = 0;
            for (var r = 0; r < rank; r++)
            {
                var diagonal = g[r + rank * r];
                if (diagonal <= 0) continue;
                for (var i = 0; i < rows; i++)
                {
                    double fitted = 0;
                    for (var s = 0; s < rank; s++) fitted += av[i + rows * s] * g[s + rank * r];
                    var current = av[i + rows * r];
                    var change = Math.Max((p[i + rows * r] - fitted) / diagonal, -current);
                    av[i + rows * r] = current + change;
                    step += change * change;
                }
            }
            if (sweep == 1) first = step;
            if (step == 0 || step < delta * first) return;
        }
    }
}
