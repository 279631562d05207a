using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

/// <summary>
/// β=2's data products V·Hᵀ and Wᵀ·V through OpenBLAS and, in float at 16 &lt; K ≤ 96 on one thread, through ThinProduct (H in
/// place where K is a multiple of 8, packed where not), against entry-by-entry sums of small integers (exact).
/// </summary>
[Collection(NativeBlasCollection.Name)]
public sealed class DataProductsTests
{
    [Theory]
    [InlineData(10, 1)]
    [InlineData(20, 1)]
    [InlineData(24, 1)]
    [InlineData(24, 2)]
    [InlineData(88, 1)]
    [InlineData(88, 2)]
    [InlineData(100, 1)]
    public void Float_products_are_the_sums(int rank, int threads)
    {
        if (!Blas.TryCreate(BlasBackend.OpenBlas, threads, out var blas, out _))
            return;
        const int F = 67, T = 131;
        var random = new Random(rank);
        float[] Integers(int n) => Enumerable.Range(0, n).Select(_ => (float)random.Next(0, 4)).ToArray();
        var v = Integers(F * T);
        var w = Integers(F * rank);
        var h = Integers(rank * T);
        var data = new DataProducts<float>(blas, v, F, T, rank);
        Assert.Equal(rank is > 16 and <= 96 && threads == 1 && ThinProduct.IsSupported, DataProducts<float>.UsesThinProduct(blas, F, T, rank));

        var vh = new float[F * rank];
        data.TimesTransposed(h, vh);
        var wv = new float[rank * T];
        data.TransposedTimes(w, wv);
        for (var f = 0; f < F; f++)
        {
            for (var k = 0; k < rank; k++)
            {
                var sum = 0f;
                for (var t = 0; t < T; t++)
                    sum += v[f + t * F] * h[k + t * rank];
                Assert.Equal(sum, vh[f + k * F]);
            }
        }

        for (var k = 0; k < rank; k++)
        {
            for (var t = 0; t < T; t++)
            {
                var sum = 0f;
                for (var f = 0; f < F; f++)
                    sum += w[f + k * F] * v[f + t * F];
                Assert.Equal(sum, wv[k + t * rank]);
            }
        }
    }
    [Theory]
    [InlineData(10, 2)]
    [InlineData(24, 2)]
    [InlineData(24, 3)]
    [InlineData(88, 2)]
    [InlineData(100, 3)]
    public void Products_split_over_threads_of_the_callers_are_the_sums(int rank, int parts)
    {
        // Split (the library held at one thread): ThinProduct's own row split in float at 16 < K ≤ 96, else runs of
        // V's columns, V·Hᵀ's partial sums added in part order; exact on small integers in either order.
        if (!Blas.TryCreate(BlasBackend.OpenBlas, parts, out var blas, out _))
            return;
        using var oneThread = blas.OneThreadPerProduct();
        Assert.Equal(rank is > 16 and <= 96 && ThinProduct.IsSupported, DataProducts<float>.UsesThinProduct(blas, 67, 131, rank, parts));
        Check<float>(blas, rank, parts, x => x);
        Check<double>(blas, rank, parts, x => x);
    }

    private static void Check<TValue>(IBlas blas, int rank, int parts, Func<float, TValue> of)
        where TValue : unmanaged, System.Numerics.IFloatingPointIeee754<TValue>
    {
        const int F = 67, T = 131;
        var random = new Random(rank + parts);
        TValue[] Integers(int n) => Enumerable.Range(0, n).Select(_ => of(random.Next(0, 4))).ToArray();
        var v = Integers(F * T);
        var w = Integers(F * rank);
        var h = Integers(rank * T);
        using var team = new ThreadTeam(parts);
        var data = new DataProducts<TValue>(blas, v, F, T, rank, team);
        var vh = new TValue[F * rank];
        data.TimesTransposed(h, vh);
        Assert.Equal(typeof(TValue) == typeof(double) || !DataProducts<float>.UsesThinProduct(blas, F, T, rank, parts), data.SumsOverColumnParts);
        if (data.SumsOverColumnParts)
        {
            // The solver's way: each part's V_b·H_bᵀ on its own thread (H's update), the partial sums added after.
            var byParts = new TValue[F * rank];
            team.ForEachPart(T, (start, count, part) => data.TimesTransposedPart(h.AsSpan(start * rank, count * rank), start, count, part, byParts));
            team.ForEachPart(F * rank, (start, count, _) => data.AddPartialSums(byParts, start, count));
            Assert.Equal(vh, byParts);
        }

        var wv = new TValue[rank * T];
        data.TransposedTimes(w, wv);
        for (var f = 0; f < F; f++)
        {
            for (var k = 0; k < rank; k++)
            {
                var sum = TValue.Zero;
                for (var t = 0; t < T; t++)
                    sum += v[f + t * F] * h[k + t * rank];
                Assert.Equal(sum, vh[f + k * F]);
            }
        }

        for (var k = 0; k < rank; k++)
        {
            for (var t = 0; t < T; t++)
            {
                var sum = TValue.Zero;
                for (var f = 0; f < F; f++)
                    sum += w[f + k * F] * v[f + t * F];
                Assert.Equal(sum, wv[k + t * rank]);
            }
        }
    }
}
