using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// The products every tensor solver needs (Kolda &amp; Bader 2009): the model tensor, the Khatri–Rao product, the
/// MTTKRP X_(n)·(⊙_{m≠n} A_m) and the loss. Reference: nmf-algorithms.md §4.4.
/// </summary>
public static class TensorModel
{
    /// <summary>CP: Σ_r a0_r ∘ a1_r ∘ a2_r, built as Data(I0I1 × I2) = (A1 ⊙ A0)·A2ᵀ, one GEMM.</summary>
    public static Tensor3 Cp(IReadOnlyList<Matrix<double>> a, IBlas blas)
    {
        int i0 = a[0].RowCount, i1 = a[1].RowCount, i2 = a[2].RowCount, rank = a[0].ColumnCount;
        var result = new double[i0 * i1 * i2];
        if (result.Length > 0)
            blas.Gemm(false, true, i0 * i1, i2, rank, 1.0, KhatriRao(a[1], a[0]), ColumnMajor.Values(a[2]), 0.0, result);
        return new Tensor3(i0, i1, i2, result);
    }

    /// <summary>Tucker: G ×0 A0 ×1 A1 ×2 A2.</summary>
    public static Tensor3 Tucker(Tensor3 core, IReadOnlyList<Matrix<double>> a, IBlas blas) =>
        core.ModeProduct(0, a[0], false, blas).ModeProduct(1, a[1], false, blas).ModeProduct(2, a[2], false, blas);

    /// <summary>Khatri–Rao (columnwise Kronecker) product B ⊙ A: entry [i + I·j, r] = A[i, r]·B[j, r]; column-major (I·J)×R.</summary>
    public static double[] KhatriRao(Matrix<double> b, Matrix<double> a)
    {
        int rowsA = a.RowCount, rowsB = b.RowCount, rank = a.ColumnCount;
        var av = ColumnMajor.Values(a);
        var bv = ColumnMajor.Values(b);
        var result = new double[rowsA * rowsB * rank];
        for (var r = 0; r < rank; r++)
            for (var j = 0; j < rowsB; j++)
            {
                var scale = bv[j + rowsB * r];
                var offset = rowsA * (j + rowsB * r);
                for (var i = 0; i < rowsA; i++)
                    result[offset + i] = av[i + rowsA * r] * scale;
            }
        return result;
    }

    /// <summary>
    /// MTTKRP M_n = X_(n)·(⊙_{m≠n} A_m), I_n × R. Mode 2 is one GEMM with (A1 ⊙ A0); modes 0 and 1 contract mode 2
    /// first, T = Data(I0I1 × I2)·A2, then the remaining mode elementwise, so no (I1·I2)×R Khatri–Rao is ever formed.
    /// </summary>
    public static Matrix<double> Mttkrp(Tensor3 x, IReadOnlyList<Matrix<double>> a, int mode, IBlas blas)
    {
        int i0 = x.Shape[0], i1 = x.Shape[1], i2 = x.Shape[2], rank = a[0].ColumnCount;
        var result = new double[x.Shape[mode] * rank];
        if (mode == 2)
        {
            blas.Gemm(true, false, i2, rank, i0 * i1, 1.0, x.Data, KhatriRao(a[1], a[0]), 0.0, result);
            return ColumnMajor.Wrap(i2, rank, result);
        }

        var t = new double[i0 * i1 * rank];
        blas.Gemm(false, false, i0 * i1, rank, i2, 1.0, x.Data, ColumnMajor.Values(a[2]), 0.0, t);
        var other = ColumnMajor.Values(a[mode == 0 ? 1 : 0]);
        for (var r = 0; r < rank; r++)
            for (var j = 0; j < i1; j++)
                for (var i = 0; i < i0; i++)
                {
                    var tv = t[i + i0 * (j + i1 * r)];
                    if (mode == 0) result[i + i0 * r] += tv * other[j + i1 * r];
                    else result[j + i1 * r] += tv * other[i + i0 * r];
                }
        return ColumnMajor.Wrap(x.Shape[mode], rank, result);
    }

    /// <summary>The Hadamard product of the Grams A_mᵀA_m over m ≠ n (R×R): the normal matrix of CP's mode-n problem.</summary>
    public static Matrix<double> GramExcept(IReadOnlyList<Matrix<double>> a, int mode)
    {
        Matrix<double>? gram = null;
        for (var m = 0; m < a.Count; m++)
        {
            if (m == mode) continue;
            var g = a[m].TransposeThisAndMultiply(a[m]);
            gram = gram is null ? g : gram.PointwiseMultiply(g);
        }
        return gram!;
    }

    /// <summary>D_β(X | model) summed over all entries, with <see cref="BetaDivergence"/>'s conventions.</summary>
    public static double Loss(Tensor3 x, Tensor3 model, double beta)
    {
        var v = ColumnMajor.Wrap(x.Size, 1, x.Data);
        var m = ColumnMajor.Wrap(model.Size, 1, model.Data);
        return BetaDivergence.Compute(v, m, ColumnMajor.Wrap(1, 1, [1.0]), m, beta);
    }
}
