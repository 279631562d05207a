using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

// TEMPORARY: stands in for NmfGrid.Compute.Losses.BetaDivergence.Compute (being written on branch mu) until it
// lands on main; same signature, β = 2 only. D = ½‖V − WH‖²_F.
internal static class FrobeniusStandIn
{
    public static double Compute<T>(Matrix<T> v, Matrix<T> w, Matrix<T> h, double beta, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wh = new T[v.RowCount * v.ColumnCount];
        blas.Gemm(false, false, v.RowCount, v.ColumnCount, w.ColumnCount, T.One, ColumnMajor.View(w),
                  ColumnMajor.View(h), T.Zero, wh);
        var values = ColumnMajor.View(v);
        double sum = 0;
        for (var i = 0; i < wh.Length; i++)
        {
            var d = double.CreateTruncating(values[i]) - double.CreateTruncating(wh[i]);
            sum += d * d;
        }

        return 0.5 * sum;
    }
}
