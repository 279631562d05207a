using System.Numerics;
using System.Runtime.InteropServices;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// rowsum(H) for H (K×T, column-major): each component's activations added over time, total[c] = Σ_t H[c, t], in the
/// order t = 0, 1, …, T−1 from 0, as the plain double loop adds them. β=1's W update (its denominator) and KL's ΣWH
/// term (colsum(W)·rowsum(H)) both take it every iteration where the loss is taken every iteration (nn_fac's stop rule).
/// <para>
/// The plain loop keeps its sums in an array, so every add waits for the store of the one before (about 60 µs for
/// K = 10, T = 7680, a structure track's V, once per loss and once per W update). Here a column of H is a few
/// vectors, one accumulator per group of Vector&lt;T&gt;.Count components, held in registers: each lane still adds
/// its component's entries one after another in time order, so every total is the same number to the bit.
/// </para>
/// </summary>
internal static class ActivationTotals
{
    // Components summed in one pass: four vector accumulators, and the rest of the group as scalars.
    private const int VectorsPerPass = 4;

    /// <summary>total[c] = Σ_t H[c, t] in <typeparamref name="T"/>, t ascending.</summary>
    public static void Sum<T>(ReadOnlySpan<T> h, int rank, Span<T> total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = h.Length / rank;
        if (!Vector.IsHardwareAccelerated || !Vector<T>.IsSupported || rank < Vector<T>.Count)
        {
            for (var c = 0; c < rank; c++)
            {
                var sum = T.Zero;
                for (var t = 0; t < columns; t++)
                {
                    sum += h[t * rank + c];
                }

                total[c] = sum;
            }

            return;
        }

        // Vectors of components at 0, w, 2w, …, and the last w components when w does not divide K: that vector
        // overlaps the one before it, whose lanes it repeats with the same adds in the same order, so the same values.
        var width = Vector<T>.Count;
        var vectors = (rank + width - 1) / width;
        for (var first = 0; first < vectors; first += VectorsPerPass)
        {
            SumVectors(h, rank, columns, first, Math.Min(VectorsPerPass, vectors - first), total);
        }
    }

    /// <summary>
    /// total[c] = Σ_t H[c, t] accumulated in double, t ascending (the loss's sums, which keep float data from
    /// losing digits). For double H this is <see cref="Sum{T}"/>.
    /// </summary>
    public static void SumInDouble<T>(ReadOnlySpan<T> h, int rank, Span<double> total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            Sum(MemoryMarshal.Cast<T, double>(h), rank, total);
            return;
        }

        total[..rank].Clear();
        var columns = h.Length / rank;
        for (var t = 0; t < columns; t++)
        {
            for (var c = 0; c < rank; c++)
            {
                total[c] += double.CreateTruncating(h[t * rank + c]);
            }
        }
    }

    // Vectors first … first + count − 1 of components (see Sum): up to four accumulators, each a chain of adds in time order.
    private static void SumVectors<T>(ReadOnlySpan<T> h, int rank, int columns, int first, int count, Span<T> total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector<T>.Count;
        int Offset(int vector) => Math.Min(vector * width, rank - width);
        int o0 = Offset(first), o1 = Offset(first + 1), o2 = Offset(first + 2), o3 = Offset(first + 3);
        Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero;
        for (var t = 0; t < columns; t++)
        {
            var column = h.Slice(t * rank, rank);
            a0 += new Vector<T>(column[o0..]);
            if (count > 1) a1 += new Vector<T>(column[o1..]);
            if (count > 2) a2 += new Vector<T>(column[o2..]);
            if (count > 3) a3 += new Vector<T>(column[o3..]);
        }

        a0.CopyTo(total[o0..]);
        if (count > 1) a1.CopyTo(total[o1..]);
        if (count > 2) a2.CopyTo(total[o2..]);
        if (count > 3) a3.CopyTo(total[o3..]);
    }
}
