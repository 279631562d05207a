using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.IO;

/// <summary>
/// An n-dimensional array read from or written to a .npy file (vectors, matrices, and the 3-D tensors of
/// tensor NMF). <see cref="Data"/> is in column-major (Fortran) order whatever order the file used: the
/// first index varies fastest, so element (i, j, k) of an I×J×K tensor is Data[i + I·(j + J·k)]. A 2-D
/// array is therefore exactly a Math.NET matrix's storage, and each frontal slice [:, :, k] of a tensor
/// is a contiguous I×J column-major matrix.
/// </summary>
public sealed record NpyArray<T>(ImmutableArray<int> Shape, ImmutableArray<T> Data)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Wraps a column-major array without copying it; the caller must not change it afterwards.</summary>
    public static NpyArray<T> FromColumnMajor(IReadOnlyList<int> shape, T[] data)
    {
        long count = 1;
        foreach (int n in shape)
        {
            if (n < 0) throw new ArgumentException($"Shape {NpyHeader.FormatShape(shape)} has a negative dimension.", nameof(shape));
            count *= n;
        }
        if (count != data.Length)
            throw new ArgumentException(
                $"Shape {NpyHeader.FormatShape(shape)} holds {count} elements but the data has {data.Length}.", nameof(data));
        return new NpyArray<T>([.. shape], ImmutableCollectionsMarshal.AsImmutableArray(data));
    }

    /// <summary>The 2-D array as a dense Math.NET matrix sharing this array's storage (no copy).</summary>
    public Matrix<T> ToMatrix()
    {
        if (Shape.Length != 2)
            throw new InvalidOperationException($"A matrix needs a 2-D array, this one has shape {NpyHeader.FormatShape(Shape)}.");
        return Matrix<T>.Build.Dense(Shape[0], Shape[1], ImmutableCollectionsMarshal.AsArray(Data)!);
    }

    /// <summary>Same shape and same elements (ImmutableArray alone would compare the references).</summary>
    public bool Equals(NpyArray<T>? other) =>
        other is not null && Shape.SequenceEqual(other.Shape) && Data.AsSpan().SequenceEqual(other.Data.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int n in Shape) hash.Add(n);
        return hash.ToHashCode();
    }

    /// <summary>Element at a multi-index (for tests and small look-ups, not inner loops).</summary>
    public T this[params int[] index]
    {
        get
        {
            if (index.Length != Shape.Length)
                throw new ArgumentException($"{index.Length} indices for a {Shape.Length}-D array.", nameof(index));
            long flat = 0, stride = 1;
            for (int d = 0; d < index.Length; d++)
            {
                if ((uint)index[d] >= (uint)Shape[d]) throw new IndexOutOfRangeException();
                flat += index[d] * stride;
                stride *= Shape[d];
            }
            return Data[(int)flat];
        }
    }
}
