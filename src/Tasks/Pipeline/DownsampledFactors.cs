using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// A small picture of one track's factors for reports: W (F×K) with its rows and H (K×T) with its columns
/// averaged down to at most a few hundred, column-major, in single precision (it is drawn, not computed with).
/// </summary>
public sealed record DownsampledFactors(int Rows, int Rank, int Columns, float[] W, float[] H)
{
    public const int DefaultMaxRows = 128;
    public const int DefaultMaxColumns = 256;

    /// <summary>Bin b of n source indices pooled into m bins covers [⌊b·n/m⌋, ⌊(b+1)·n/m⌋): each bin is the mean of its range.</summary>
    public static DownsampledFactors From(Matrix<double> w, Matrix<double> h, int maxRows = DefaultMaxRows, int maxColumns = DefaultMaxColumns)
    {
        if (w.ColumnCount != h.RowCount)
        {
            throw new ArgumentException($"W is {w.RowCount}×{w.ColumnCount} but H is {h.RowCount}×{h.ColumnCount}: the ranks differ.");
        }
        var rank = w.ColumnCount;
        var rows = Math.Min(w.RowCount, maxRows);
        var columns = Math.Min(h.ColumnCount, maxColumns);
        var wSmall = new float[rows * rank];
        for (var k = 0; k < rank; k++)
        {
            for (var b = 0; b < rows; b++)
            {
                var (from, to) = Bin(b, w.RowCount, rows);
                var sum = 0.0;
                for (var f = from; f < to; f++)
                {
                    sum += w[f, k];
                }
                wSmall[k * rows + b] = (float)(sum / (to - from));
            }
        }
        var hSmall = new float[rank * columns];
        for (var b = 0; b < columns; b++)
        {
            var (from, to) = Bin(b, h.ColumnCount, columns);
            for (var k = 0; k < rank; k++)
            {
                var sum = 0.0;
                for (var t = from; t < to; t++)
                {
                    sum += h[k, t];
                }
                hSmall[b * rank + k] = (float)(sum / (to - from));
            }
        }
        return new DownsampledFactors(rows, rank, columns, wSmall, hSmall);
    }

    private static (int From, int To) Bin(int b, int n, int m) => ((int)((long)b * n / m), (int)((long)(b + 1) * n / m));
}
