using System.Numerics;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

/// <summary>
/// ThinProduct against a plain triple loop at every edge: rows not a multiple of the 3-vector panel (and panels
/// shorter than one vector at the end), columns not a multiple of the 8-column panel, depths of one block, several,
/// and one past a block, on 1, 2 and 3 threads. Entries are small integers, so every sum is exact in float and
/// double and the results must be equal bit for bit: an index off by one anywhere shows.
/// </summary>
public sealed class ThinProductTests
{
    public static TheoryData<int, int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int, int>();
        foreach (var (m, n, depth) in new[]
                 {
                     (16, 8, 1), (17, 1, 5), (47, 7, 33), (48, 8, 256), (49, 9, 257), (95, 16, 300),
                     (100, 17, 513), (130, 24, 64), (33, 88, 129), (1025, 88, 40),
                 })
        {
            foreach (var threads in new[] { 1, 2, 3 })
                data.Add(m, n, depth, threads);
        }

        return data;
    }

    /// <summary>A·Bᵀ entry by entry, A M×L, B N×L, column-major.</summary>
    private static T[] TripleLoop<T>(T[] a, int m, int depth, T[] b, int n) where T : INumberBase<T>
    {
        var c = new T[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var l = 0; l < depth; l++)
                    sum += a[i + l * m] * b[j + l * n];
                c[i + j * m] = sum;
            }
        }

        return c;
    }

    private static T[] Integers<T>(int length, int seed) where T : INumberBase<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.Next(0, 4))).ToArray();
    }

    private static void Check<T>(int m, int n, int depth, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!ThinProduct.IsSupported)
            return;
        var a = Integers<T>(m * depth, 1);
        var b = Integers<T>(n * depth, 2);                // N×L
        var expected = TripleLoop(a, m, depth, b, n);

        // B packed from N×L, and from its transpose (L×N).
        var packed = new T[ThinProduct.PackedLength(n, depth)];
        ThinProduct.Pack<T>(b, n, depth, false, packed);
        var c = new T[m * n];
        ThinProduct.Multiply(a, m, depth, packed, n, c, threads);
        Assert.Equal(expected, c);

        var bTransposed = new T[n * depth];
        FactorProducts.Transpose<T>(b, n, depth, bTransposed);
        var packedFromTranspose = new T[ThinProduct.PackedLength(n, depth)];
        ThinProduct.Pack<T>(bTransposed, n, depth, true, packedFromTranspose);
        Assert.Equal(packed, packedFromTranspose);

        // The result written transposed (N×M).
        var transposed = new T[n * m];
        var expectedTransposed = new T[n * m];
        FactorProducts.Transpose<T>(expected, m, n, expectedTransposed);
        ThinProduct.Multiply(a, m, depth, packed, n, new T[m * n], threads, transposed);
        Assert.Equal(expectedTransposed, transposed);

        // B read in place where N is a multiple of 8.
        if (n % ThinProduct.PanelColumns == 0)
        {
            var inPlace = new T[m * n];
            ThinProduct.MultiplyInPlace(a, m, depth, b, n, inPlace, threads);
            Assert.Equal(expected, inPlace);
        }

        // Split over a caller's team (the solver's threads) instead: the same rows per part.
        using var team = new ThreadTeam(threads);
        var byTeam = new T[m * n];
        ThinProduct.Multiply(a, m, depth, packed, n, byTeam, 1, team: team);
        Assert.Equal(expected, byTeam);
        var transposedByTeam = new T[n * m];
        ThinProduct.Multiply(a, m, depth, packed, n, new T[m * n], 1, transposedByTeam, team);
        Assert.Equal(expectedTransposed, transposedByTeam);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float_product_is_the_triple_loop(int m, int n, int depth, int threads) => Check<float>(m, n, depth, threads);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Double_product_is_the_triple_loop(int m, int n, int depth, int threads) => Check<double>(m, n, depth, threads);

    [Fact]
    public void Fewer_rows_than_a_vector_are_refused()
    {
        if (!ThinProduct.IsSupported)
            return;
        var packed = new float[ThinProduct.PackedLength(8, 4)];
        Assert.Throws<ArgumentException>(() => ThinProduct.Multiply(new float[15 * 4], 15, 4, packed, 8, new float[15 * 8], 1));
    }
}
