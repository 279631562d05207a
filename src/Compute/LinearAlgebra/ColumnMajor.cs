using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// The column-major array behind a dense Math.NET matrix, and the way back. Solvers work on these arrays
/// directly, so BLAS and SIMD loops see whole matrices without copies.
/// </summary>
public static class ColumnMajor
{
    /// <summary>The matrix's own storage when it is dense (no copy: writes go to the matrix), else a column-major copy.</summary>
    public static T[] Values<T>(Matrix<T> matrix)
        where T : struct, IEquatable<T>, IFormattable =>
        matrix.Storage is DenseColumnMajorMatrixStorage<T> dense ? dense.Data : matrix.ToColumnMajorArray();

    /// <summary>A fresh column-major copy of the matrix's entries.</summary>
    public static T[] Copy<T>(Matrix<T> matrix)
        where T : struct, IEquatable<T>, IFormattable =>
        (T[])Values(matrix).Clone();

    /// <summary>A dense matrix that wraps <paramref name="values"/> (no copy).</summary>
    public static Matrix<T> Wrap<T>(int rows, int columns, T[] values)
        where T : struct, IEquatable<T>, IFormattable =>
        Matrix<T>.Build.Dense(rows, columns, values);

    /// <summary>
    /// A dense float64 copy of the matrix, made array to array (not entry by entry through a delegate and the indexer:
    /// 2.6 M calls for a MAPS spectrogram); a float64 matrix is copied too, so the result is always the caller's own.
    /// </summary>
    public static Matrix<double> ToDouble<T>(Matrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var source = Values(matrix);
        var values = new double[source.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = double.CreateTruncating(source[i]);
        return Wrap(matrix.RowCount, matrix.ColumnCount, values);
    }
}
