using System.Numerics;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// Shape rules of a whole-matrix column-major GEMM. Native code reads past a short array without noticing,
/// so every native call checks the lengths first and fails with the argument at fault.
/// </summary>
internal static class GemmShape
{
    public static void Check(int m, int n, int k, int aLength, int bLength, int cLength)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "GEMM: m (rows of op(A) and C) must not be negative.");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "GEMM: n (columns of op(B) and C) must not be negative.");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "GEMM: k (inner dimension) must not be negative.");
        if (aLength < (long)m * k)
            throw new ArgumentException($"GEMM: A holds {aLength} values but op(A) is {m}×{k}.", "a");
        if (bLength < (long)k * n)
            throw new ArgumentException($"GEMM: B holds {bLength} values but op(B) is {k}×{n}.", "b");
        if (cLength < (long)m * n)
            throw new ArgumentException($"GEMM: C holds {cLength} values but C is {m}×{n}.", "c");
    }

    /// <summary>
    /// Empty products are settled here, since some BLAS builds reject lda = 0 or a null pointer:
    /// nothing to do when C is empty, and C = β·C when k = 0.
    /// </summary>
    public static bool IsDegenerate<T>(int m, int n, int k, T beta, T[] c) where T : INumber<T> =>
        IsDegenerate(m, n, k, beta, c.AsSpan());

    /// <inheritdoc cref="IsDegenerate{T}(int, int, int, T, T[])"/>
    public static bool IsDegenerate<T>(int m, int n, int k, T beta, Span<T> c) where T : INumber<T>
    {
        if (m == 0 || n == 0)
            return true;
        if (k != 0)
            return false;
        var span = c[..(m * n)];
        if (T.IsZero(beta))
            span.Clear();
        else
            foreach (ref var value in span)
                value *= beta;
        return true;
    }

    /// <summary>lda: rows of A as stored (k×m when transposed).</summary>
    public static int LeadingA(bool transA, int m, int k) => Math.Max(1, transA ? k : m);

    /// <summary>ldb: rows of B as stored (n×k when transposed).</summary>
    public static int LeadingB(bool transB, int n, int k) => Math.Max(1, transB ? n : k);
}
