using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// The products of nonnegative Tucker, X ≈ G ×0 A0 ×1 A1 ×2 A2 (Kim &amp; Choi 2007; nn_fac ntd; nmf-algorithms.md §4.4).
/// With B_n = (⊗_{m≠n} A_m)·G_(n)ᵀ the mode-n problem is the matrix one X_(n) ≈ A_n·B_nᵀ, and
///   X_(n)·B_n = unfold_n(X ×_{m≠n} A_mᵀ)·G_(n)ᵀ,   B_nᵀB_n = unfold_n(G ×_{m≠n} A_mᵀA_m)·G_(n)ᵀ,
/// so neither B_n nor a Kronecker product is ever formed.
/// </summary>
public static class TuckerProducts
{
    /// <summary>X ×_{m≠n} A_mᵀ: mode n keeps its size, the others shrink to their ranks.</summary>
    public static Tensor3 ContractExcept(Tensor3 x, IReadOnlyList<Matrix<double>> a, int mode, IBlas blas)
    {
        var result = x;
        for (var m = 0; m < 3; m++)
            if (m != mode) result = result.ModeProduct(m, a[m], transpose: true, blas);
        return result;
    }

    /// <summary>X ×0 A0ᵀ ×1 A1ᵀ ×2 A2ᵀ (R0×R1×R2).</summary>
    public static Tensor3 ContractAll(Tensor3 x, IReadOnlyList<Matrix<double>> a, IBlas blas) =>
        ContractExcept(x, a, 0, blas).ModeProduct(0, a[0], transpose: true, blas);

    /// <summary>unfold_n(Y)·G_(n)ᵀ (I_n × R_n) for Y = <paramref name="contracted"/> (= some tensor ×_{m≠n} A_mᵀ).</summary>
    public static Matrix<double> TimesCoreUnfolding(Tensor3 contracted, Tensor3 core, int mode, IBlas blas)
    {
        var rows = contracted.Shape[mode];
        var inner = core.Others(mode);
        var ranks = core.Shape[mode];
        var result = new double[rows * ranks];
        blas.Gemm(false, true, rows, ranks, inner, 1.0, contracted.Unfold(mode), core.Unfold(mode), 0.0, result);
        return ColumnMajor.Wrap(rows, ranks, result);
    }

    /// <summary>X_(n)·B_n, the right-hand side of the mode-n problem (I_n × R_n).</summary>
    public static Matrix<double> Cross(Tensor3 x, Tensor3 core, IReadOnlyList<Matrix<double>> a, int mode, IBlas blas) =>
        TimesCoreUnfolding(ContractExcept(x, a, mode, blas), core, mode, blas);

    /// <summary>B_nᵀB_n (R_n × R_n).</summary>
    public static Matrix<double> Gram(Tensor3 core, IReadOnlyList<Matrix<double>> a, int mode, IBlas blas)
    {
        var grams = a.Select(f => f.TransposeThisAndMultiply(f)).ToArray();
        var weighted = core;
        for (var m = 0; m < 3; m++)
            if (m != mode) weighted = weighted.ModeProduct(m, grams[m], transpose: false, blas);
        return TimesCoreUnfolding(weighted, core, mode, blas);
    }
}
