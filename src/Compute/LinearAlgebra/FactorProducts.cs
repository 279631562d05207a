using System.Numerics;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// Wᵀ·X (K×T) for a thin factor W (F×K, K ≪ F) and a wide matrix X (F×T), in the operand order the BLAS
/// runs fastest. Which order that is depends on the element type, not on timing, so the result is the same
/// from run to run.
/// <para>
/// OpenBLAS 0.3.21, one thread, F×T = 1025×2584 (docs/performance.md, "Where the time went, and what changed"):
/// in double, Wᵀ·X as it is written (M = K) took 4.3 ms at K = 10 and 12.4 ms at K = 88, and (Xᵀ·W)ᵀ
/// (M = T, then a K×T transpose) 2.4 and 10.2 ms; with two threads the gap widens (4.7 against 1.9 ms). In
/// float the direct form was as fast or faster (1.4 against 1.9 ms at K = 10), so float keeps it. The
/// managed BLAS keeps the direct form too.
/// </para>
/// </summary>
public static class FactorProducts
{
    /// <summary>Whether <see cref="TransposeTimes"/> needs a T×K scratch array for this BLAS and element type.</summary>
    public static bool NeedsScratch<T>(IBlas blas) => typeof(T) == typeof(double) && blas.Name != "managed";

    /// <summary>
    /// result (K×T) = Wᵀ·X, with W F×K and X F×T, all column-major. <paramref name="scratch"/> holds at least
    /// T×K entries when <see cref="NeedsScratch{T}"/> says so, and may be empty otherwise.
    /// </summary>
    public static void TransposeTimes<T>(IBlas blas, int rank, int columns, int rows, T[] w, T[] x, T[] result, T[] scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!NeedsScratch<T>(blas))
        {
            blas.Gemm(true, false, rank, columns, rows, 1.0, w, x, 0.0, result);
            return;
        }

        if (scratch.Length < rank * columns)
            throw new ArgumentException($"scratch holds {scratch.Length} entries, Wᵀ·X needs {rank * columns}.", nameof(scratch));
        blas.Gemm(true, false, columns, rank, rows, 1.0, x, w, 0.0, scratch);   // Xᵀ W, T×K
        Transpose(scratch, columns, rank, result);
    }

    /// <summary>dst (cols×rows) = srcᵀ, src rows×cols, column-major; in tiles so both sides stay in cache.</summary>
    public static void Transpose<T>(ReadOnlySpan<T> src, int rows, int cols, Span<T> dst)
    {
        const int Tile = 32;
        for (var c0 = 0; c0 < cols; c0 += Tile)
        {
            var c1 = Math.Min(c0 + Tile, cols);
            for (var r0 = 0; r0 < rows; r0 += Tile)
            {
                var r1 = Math.Min(r0 + Tile, rows);
                for (var c = c0; c < c1; c++)
                {
                    for (var r = r0; r < r1; r++)
                    {
                        dst[r * cols + c] = src[c * rows + r];
                    }
                }
            }
        }
    }
}
