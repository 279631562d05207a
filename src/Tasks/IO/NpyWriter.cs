using System.Numerics;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.IO;

/// <summary>
/// Writes .npy version 1.0 files that numpy reads back identically (np.load): float64 ('&lt;f8') or
/// float32 ('&lt;f4'), fortran_order True, so a column-major array is written as it lies in memory.
/// The bytes match np.save of the same array in Fortran order.
/// </summary>
public static class NpyWriter
{
    /// <summary>Writes a matrix (F×T in, shape (F, T) out).</summary>
    public static void Write<T>(string path, Matrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = Create(path);
        Write(stream, matrix);
    }

    /// <inheritdoc cref="Write{T}(string, Matrix{T})"/>
    public static void Write<T>(Stream stream, Matrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Dense matrices hand out their storage; others (sparse, diagonal) are copied once.
        T[] data = matrix.AsColumnMajorArray() ?? matrix.ToColumnMajorArray();
        Write(stream, [matrix.RowCount, matrix.ColumnCount], data);
    }

    /// <summary>Writes an array of any dimension.</summary>
    public static void Write<T>(string path, NpyArray<T> array)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = Create(path);
        Write(stream, array);
    }

    /// <inheritdoc cref="Write{T}(string, NpyArray{T})"/>
    public static void Write<T>(Stream stream, NpyArray<T> array)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Write(stream, array.Shape, array.Data.AsSpan());

    private static void Write<T>(Stream stream, IReadOnlyList<int> shape, ReadOnlySpan<T> columnMajor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dtype = typeof(T) == typeof(double) ? NpyDtype.Float64
            : typeof(T) == typeof(float) ? NpyDtype.Float32
            : throw new NotSupportedException($".npy output is float64 or float32, not {typeof(T).Name}.");
        new NpyHeader(dtype, FortranOrder: true, [.. shape]).Write(stream);
        stream.Write(MemoryMarshal.AsBytes(columnMajor));
    }

    private static FileStream Create(string path) =>
        new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
}
