using MathNet.Numerics.LinearAlgebra.Double;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Tests.Pipeline;

public sealed class DownsampledFactorsTests
{
    [Fact]
    public void Rows_of_W_and_columns_of_H_are_averaged_in_equal_bins_column_major()
    {
        // W: 4×2, rows pooled into 2 bins; H: 2×6, columns pooled into 3 bins.
        var w = DenseMatrix.OfArray(new double[,] { { 1, 10 }, { 3, 30 }, { 5, 50 }, { 7, 70 } });
        var h = DenseMatrix.OfArray(new double[,] { { 1, 2, 3, 4, 5, 6 }, { 0, 0, 1, 1, 2, 2 } });
        var small = DownsampledFactors.From(w, h, maxRows: 2, maxColumns: 3);
        Assert.Equal((2, 2, 3), (small.Rows, small.Rank, small.Columns));
        Assert.Equal([2f, 6f, 20f, 60f], small.W);
        Assert.Equal([1.5f, 0f, 3.5f, 1f, 5.5f, 2f], small.H);
    }

    [Fact]
    public void Factors_smaller_than_the_limits_are_kept_as_they_are()
    {
        var w = DenseMatrix.OfArray(new double[,] { { 1 }, { 2 }, { 3 } });
        var h = DenseMatrix.OfArray(new double[,] { { 4, 5 } });
        var small = DownsampledFactors.From(w, h);
        Assert.Equal([1f, 2f, 3f], small.W);
        Assert.Equal([4f, 5f], small.H);
    }

    [Fact]
    public void Uneven_bins_cover_every_row_once()
    {
        var w = DenseMatrix.OfColumnArrays(Enumerable.Range(0, 7).Select(i => (double)i).ToArray());
        var h = DenseMatrix.OfArray(new double[,] { { 1 } });
        // 7 rows into 3 bins: [0,2) [2,4) [4,7) → means 0.5, 2.5, 5.
        Assert.Equal([0.5f, 2.5f, 5f], DownsampledFactors.From(w, h, maxRows: 3).W);
    }

    [Fact]
    public void Factors_of_different_ranks_are_rejected_with_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => DownsampledFactors.From(new DenseMatrix(4, 2), new DenseMatrix(3, 5)));
        Assert.Contains("W is 4×2 but H is 3×5", e.Message);
    }
}
