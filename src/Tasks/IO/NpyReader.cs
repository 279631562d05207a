using System.Numerics;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.IO;

/// <summary>
/// Reads .npy files written by numpy (np.save) into column-major arrays and Math.NET matrices, as float64
/// or float32 whatever the stored element type. The data is streamed: a float64 Fortran-order file goes
/// straight into the result; other orders and types pass through one small buffer on the way.
/// </summary>
public static class NpyReader
{
    private const int ChunkBytes = 1 << 16;

    // Rows of a C-order matrix transposed at a time: enough to amortise the strided reads, few enough
    // that they stay in cache (about 2 MiB, at most 64 rows).
    private const long BlockBytes = 1 << 21;
    private const int MaxBlockRows = 64;

    /// <summary>Reads only the header (type, order, shape) of a file.</summary>
    public static NpyHeader ReadHeader(string path)
    {
        using var stream = Open(path);
        return NpyHeader.Read(stream, path);
    }

    /// <summary>Reads a 2-D array as a dense column-major matrix.</summary>
    /// <exception cref="NpyFormatException">the file is malformed or not 2-D.</exception>
    public static Matrix<T> ReadMatrix<T>(string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = Read<T>(path);
        if (array.Shape.Length != 2)
            throw new NpyFormatException(path, $"expected a 2-D matrix, found shape {NpyHeader.FormatShape(array.Shape)}");
        return array.ToMatrix();
    }

    /// <summary>Reads an array of any dimension (see <see cref="NpyArray{T}"/> for the element order).</summary>
    /// <exception cref="NpyFormatException">the file is malformed.</exception>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    public static NpyArray<T> Read<T>(string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = Open(path);
        return Read<T>(stream, path);
    }

    /// <summary>Reads an array from a stream positioned at the magic bytes.</summary>
    /// <param name="file">the name errors report.</param>
    public static NpyArray<T> Read<T>(Stream stream, string file)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var header = NpyHeader.Read(stream, file);
        long expected = header.DataLength;
        if (stream.CanSeek)
        {
            // Check the size up front so a short file fails before allocating, and so does trailing junk.
            long actual = stream.Length - stream.Position;
            if (actual != expected)
                throw new NpyFormatException(file, actual < expected
                    ? $"truncated data: shape {NpyHeader.FormatShape(header.Shape)} of {NpyDtypes.Descr(header.Dtype)} needs {expected} bytes, the file holds {actual}"
                    : $"{actual - expected} bytes after the data: shape {NpyHeader.FormatShape(header.Shape)} of {NpyDtypes.Descr(header.Dtype)} needs {expected} bytes, the file holds {actual}");
        }

        var data = new T[header.Count];
        if (IsNative<T>(header.Dtype) && (header.FortranOrder || header.Shape.Length <= 1))
        {
            // Same type, same order: the bytes are the array (little-endian, as on every .NET platform we run on).
            var bytes = MemoryMarshal.AsBytes(data.AsSpan());
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                throw Truncated(file, header);
        }
        else if (!header.FortranOrder && header.Shape.Length == 2)
        {
            ReadCOrderMatrix(stream, header, data, file);
        }
        else
        {
            ReadConverted(stream, header, data, file);
        }
        return NpyArray<T>.FromColumnMajor(header.Shape, data);
    }

    /// <summary>
    /// numpy's default layout for a matrix: rows one after another. A block of whole rows is decoded at a
    /// time and transposed into the column-major result; each output column then gets a contiguous run of
    /// the block's rows, and the few rows read across stay in cache.
    /// </summary>
    private static void ReadCOrderMatrix<T>(Stream stream, NpyHeader header, T[] data, string file)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = header.Shape[0], columns = header.Shape[1];
        if (rows == 0 || columns == 0) return;
        int itemSize = NpyDtypes.ItemSize(header.Dtype);
        long rowBytes = (long)columns * itemSize;
        int blockRows = (int)Math.Clamp(BlockBytes / rowBytes, 1, MaxBlockRows);
        var buffer = new byte[blockRows * rowBytes];
        var block = new T[blockRows * columns];
        for (int first = 0; first < rows; first += blockRows)
        {
            int count = Math.Min(blockRows, rows - first);
            var bytes = buffer.AsSpan(0, (int)(count * rowBytes));
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                throw Truncated(file, header);
            Decode(header.Dtype, bytes, block.AsSpan(0, count * columns));
            for (int j = 0; j < columns; j++)
            {
                var column = data.AsSpan(j * rows + first, count);
                for (int i = 0; i < count; i++) column[i] = block[i * columns + j];
            }
        }
    }

    /// <summary>
    /// Decodes the data chunk by chunk and stores element n of the file at its column-major place:
    /// in C order the last index varies fastest, so the destination moves by the column-major stride
    /// of the last dimension and carries like an odometer.
    /// </summary>
    private static void ReadConverted<T>(Stream stream, NpyHeader header, T[] data, string file)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int itemSize = NpyDtypes.ItemSize(header.Dtype);
        var shape = header.Shape;
        int dims = shape.Length;
        bool cOrder = !header.FortranOrder && dims > 1;

        // Column-major strides, and the C-order index of the element being placed.
        var strides = new long[dims];
        for (int d = 0, s = 1; d < dims; s *= shape[d], d++) strides[d] = s;
        var index = new int[dims];
        long destination = 0;

        var buffer = new byte[ChunkBytes / itemSize * itemSize];
        var values = new T[buffer.Length / itemSize];
        long remaining = data.LongLength;
        long next = 0;
        while (remaining > 0)
        {
            int count = (int)Math.Min(values.Length, remaining);
            var bytes = buffer.AsSpan(0, count * itemSize);
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                throw Truncated(file, header);
            Decode(header.Dtype, bytes, values.AsSpan(0, count));

            if (!cOrder)
            {
                values.AsSpan(0, count).CopyTo(data.AsSpan((int)next, count));
                next += count;
            }
            else
            {
                for (int n = 0; n < count; n++)
                {
                    data[destination] = values[n];
                    // Advance the C-order index: last dimension first, carrying leftwards.
                    int d = dims - 1;
                    destination += strides[d];
                    while (++index[d] == shape[d] && d > 0)
                    {
                        index[d] = 0;
                        destination -= strides[d] * shape[d];
                        d--;
                        destination += strides[d];
                    }
                }
            }
            remaining -= count;
        }
    }

    private static void Decode<T>(NpyDtype dtype, ReadOnlySpan<byte> bytes, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsNative<T>(dtype))
        {
            MemoryMarshal.Cast<byte, T>(bytes).CopyTo(values);
            return;
        }
        int itemSize = NpyDtypes.ItemSize(dtype);
        for (int n = 0; n < values.Length; n++)
            values[n] = T.CreateTruncating(NpyDtypes.Decode(dtype, bytes.Slice(n * itemSize, itemSize)));
    }

    private static bool IsNative<T>(NpyDtype dtype) =>
        (typeof(T) == typeof(double) && dtype == NpyDtype.Float64) ||
        (typeof(T) == typeof(float) && dtype == NpyDtype.Float32);

    private static NpyFormatException Truncated(string file, NpyHeader header) =>
        new(file, $"truncated data: shape {NpyHeader.FormatShape(header.Shape)} of {NpyDtypes.Descr(header.Dtype)} needs {header.DataLength} bytes");

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes, FileOptions.SequentialScan);
}
