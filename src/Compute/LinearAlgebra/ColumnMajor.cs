using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>The column-major arrays behind Math.NET matrices, which BLAS and the SIMD loops work on.</summary>
internal static class ColumnMajor
{
    /// <summary>The matrix's own array when it is dense (no copy: read it, do not write it), else a copy.</summary>
    public static T[] View<T>(Matrix<T> m)
        where T : struct, IEquatable<T>, IFormattable =>
        m.Storage is DenseColumnMajorMatrixStorage<T> dense ? dense.Data : m.ToColumnMajorArray();

    /// <summary>A fresh copy, free to modify.</summary>
    public static T[] Copy<T>(Matrix<T> m)
        where T : struct, IEquatable<T>, IFormattable =>
        m.Storage is DenseColumnMajorMatrixStorage<T> dense ? (T[])dense.Data.Clone() : m.ToColumnMajorArray();

    /// <summary>destination (columns×rows) ← sourceᵀ, for source rows×columns.</summary>
    public static void Transpose<T>(T[] source, int rows, int columns, T[] destination)
    {
        for (var c = 0; c < columns; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                destination[c + r * columns] = source[r + c * rows];
            }
        }
    }
}
