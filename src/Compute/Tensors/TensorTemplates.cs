using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// The one place a tensor model becomes the W (templates) and H (activations) that tasks read. With a the activation
/// mode, every model is X ≈ Σ_k A_a[:, k] ∘ P_k, P_k the pattern of component k over the other modes:
///   Tucker: P = G ×_{m≠a} A_m (slice k of mode a);   CP: the same with G superdiagonal, P_k = ∘_{m≠a} A_m[:, k].
/// A summed mode s enters as its column sums (A_s replaced by 1ᵀA_s), so W·H models Σ_s X, the mix.
/// W[:, k] = vec(P_k) (rows as <see cref="TensorLayout"/> orders them) and H = A_aᵀ, so X_mix ≈ W·H exactly under the model.
/// The full model stays in <see cref="NmfResult{T}.Tensor"/>.
/// </summary>
public static class TensorTemplates
{
    public static NmfResult<double> ToMatrixResult(TensorResult result, TensorLayout layout, IBlas blas)
    {
        layout.Check();
        var a = layout.ActivationMode;
        var core = result.Core ?? Superdiagonal(result.Factors[0].ColumnCount);
        var pattern = core;
        for (var m = 0; m < 3; m++)
        {
            if (m == a) continue;
            var factor = m == layout.SummedMode
                ? Matrix<double>.Build.DenseOfRowArrays(result.Factors[m].ColumnSums().ToArray())
                : result.Factors[m];
            pattern = pattern.ModeProduct(m, factor, transpose: false, blas);
        }

        var remaining = Enumerable.Range(0, 3).Where(m => m != a && m != layout.SummedMode).ToArray();
        var rank = pattern.Shape[a];
        var rows = remaining.Aggregate(1, (p, m) => p * pattern.Shape[m]);
        var w = Matrix<double>.Build.Dense(rows, rank);
        var index = new int[3];
        for (var k = 0; k < rank; k++)
        {
            index[a] = k;
            for (var row = 0; row < rows; row++)
            {
                // C order over the remaining modes: the last one fastest; a summed mode sits at index 0 (size 1).
                var rest = row;
                for (var r = remaining.Length - 1; r >= 0; r--)
                {
                    index[remaining[r]] = rest % pattern.Shape[remaining[r]];
                    rest /= pattern.Shape[remaining[r]];
                }
                if (layout.SummedMode is { } s) index[s] = 0;
                w[row, k] = pattern[index[0], index[1], index[2]];
            }
        }

        var h = result.Factors[a].Transpose();
        return new NmfResult<double>(w, h, result.Iterations, result.Converged, result.Loss, result.LossHistory, result.Seconds,
                                     result.Backend, result.Threads) { Tensor = result };
    }

    /// <summary>The R×R×R core of a CP model: ones on the superdiagonal.</summary>
    public static Tensor3 Superdiagonal(int rank)
    {
        var core = Tensor3.Zeros(rank, rank, rank);
        for (var r = 0; r < rank; r++) core[r, r, r] = 1.0;
        return core;
    }
}
