using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Tests.Tensors;

public sealed class Tensor3Tests
{
    private static Tensor3 Sample() => Tensor3.Build(3, 4, 5, (i, j, k) => 1 + i + 10 * j + 100 * k);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Unfolding_follows_kolda_and_folds_back(int mode)
    {
        var x = Sample();
        var unfolded = x.Unfold(mode);
        // Kolda & Bader: column j = Σ_{m≠n} i_m·J_m with the lower remaining mode fastest.
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 4; j++)
                for (var k = 0; k < 5; k++)
                {
                    var (row, column, rows) = mode switch { 0 => (i, j + 4 * k, 3), 1 => (j, i + 3 * k, 4), _ => (k, i + 3 * j, 5) };
                    Assert.Equal(x[i, j, k], unfolded[row + rows * column]);
                }
        Assert.Equal(x.Data, Tensor3.Fold(unfolded, mode, 3, 4, 5).Data);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    public void Mode_product_matches_its_definition(int mode, bool transpose)
    {
        var x = Sample();
        var size = x.Shape[mode];
        var m = transpose
            ? Matrix<double>.Build.Dense(size, 2, (r, c) => r - c + 0.5)
            : Matrix<double>.Build.Dense(2, size, (r, c) => r - c + 0.5);
        var y = x.ModeProduct(mode, m, transpose, new ManagedBlas());
        var shape = (int[])x.Shape.Clone();
        shape[mode] = 2;
        Assert.Equal(shape, y.Shape);
        for (var i = 0; i < shape[0]; i++)
            for (var j = 0; j < shape[1]; j++)
                for (var k = 0; k < shape[2]; k++)
                {
                    double expected = 0;
                    for (var s = 0; s < size; s++)
                    {
                        var weight = transpose ? m[s, new[] { i, j, k }[mode]] : m[new[] { i, j, k }[mode], s];
                        expected += weight * (mode == 0 ? x[s, j, k] : mode == 1 ? x[i, s, k] : x[i, j, s]);
                    }
                    Assert.Equal(expected, y[i, j, k], 1e-9);
                }
    }

    [Fact]
    public void Data_of_the_wrong_length_is_refused_with_both_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Tensor3(2, 3, 4, new double[23]));
        Assert.Contains("2×3×4", e.Message);
        Assert.Contains("23", e.Message);
    }
}
