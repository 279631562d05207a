using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>NNDSVD variants against scikit-learn's _initialize_nmf (randomized SVD there, exact SVD here).</summary>
public class NndsvdFixtureTests
{
    public static IEnumerable<object[]> InitCases => SklearnFixture.Named("init_nndsvd");

    [Theory]
    [MemberData(nameof(InitCases))]
    public void Nndsvd_matches_sklearn_initialisation(string name)
    {
        var fixture = SklearnFixture.Load(name);
        var initialisation = InitialisationRegistry.Get(name.Contains("nndsvda") ? "nndsvda" : "nndsvd");
        var (w, h) = initialisation.Create(fixture.V, new InitialisationRequest { Rank = fixture.Rank }, new ManagedBlas());
        Assert.InRange(SklearnFixture.RelativeError(w, fixture.W), 0, 1e-6);
        Assert.InRange(SklearnFixture.RelativeError(h, fixture.H), 0, 1e-6);
    }

    [Fact]
    public void Nndsvdar_fills_zeros_with_small_positive_values_and_keeps_the_rest()
    {
        var fixture = SklearnFixture.Load("init_nndsvd_seed1");
        var request = new InitialisationRequest { Rank = fixture.Rank, Seed = 3 };
        var (w, h) = new NndsvdInitialisation(NndsvdFill.SmallRandom).Create(fixture.V, request, new ManagedBlas());
        var mean = fixture.V.Enumerate().Average();
        for (var i = 0; i < w.RowCount; i++)
        {
            for (var c = 0; c < w.ColumnCount; c++)
            {
                if (fixture.W[i, c] == 0)
                {
                    Assert.InRange(w[i, c], 0, mean); // |mean·N(0,1)/100| stays far below mean
                }
                else
                {
                    Assert.Equal(fixture.W[i, c], w[i, c], 1e-6 * fixture.W.Enumerate().Max());
                }
            }
        }

        Assert.True(h.Enumerate().All(x => x >= 0));
        var (w2, _) = new NndsvdInitialisation(NndsvdFill.SmallRandom).Create(fixture.V, request, new ManagedBlas());
        Assert.Equal(w.ToColumnMajorArray(), w2.ToColumnMajorArray());
    }
}

public class TruncatedSvdTests
{
    [Theory]
    [MemberData(nameof(NndsvdFixtureTests.InitCases), MemberType = typeof(NndsvdFixtureTests))]
    public void Nndsvd_with_the_randomized_svd_also_matches_sklearn(string name)
    {
        var fixture = SklearnFixture.Load(name);
        var fill = name.Contains("nndsvda") ? NndsvdFill.Mean : NndsvdFill.Zeros;
        var (w, h) = new NndsvdInitialisation(fill, exactSvd: false).Create(fixture.V, new InitialisationRequest { Rank = fixture.Rank }, new ManagedBlas());
        Assert.InRange(SklearnFixture.RelativeError(w, fixture.W), 0, 1e-6);
        Assert.InRange(SklearnFixture.RelativeError(h, fixture.H), 0, 1e-6);
    }

    [Fact]
    public void Randomized_and_exact_nndsvd_agree_on_a_larger_low_rank_matrix()
    {
        var v = TestData.SpectrogramLike(120, 400, rank: 6, seed: 7);
        var request = new InitialisationRequest { Rank = 5, Seed = 3 };
        var (we, he) = new NndsvdInitialisation(NndsvdFill.Mean, exactSvd: true).Create(v, request, new ManagedBlas());
        var (wr, hr) = new NndsvdInitialisation(NndsvdFill.Mean, exactSvd: false).Create(v, request, new ManagedBlas());
        Assert.InRange(SklearnFixture.RelativeError(wr, we), 0, 1e-6);
        Assert.InRange(SklearnFixture.RelativeError(hr, he), 0, 1e-6);
    }

    [Theory]
    [InlineData(600, 20)]   // tall, as a barwise matrix (F·96 × bars): thin QR of V
    [InlineData(20, 600)]   // wide, as the seed's bar-per-row matrix: thin QR of Vᵀ
    [InlineData(60, 50)]    // near square: Math.NET's SVD directly
    public void Exact_thin_svd_gives_the_leading_triplets_of_the_full_svd(int rows, int columns)
    {
        var v = TestData.SpectrogramLike(rows, columns, rank: 8, seed: 5);
        const int rank = 6;
        var (u, s, vt) = TruncatedSvd.Compute(v, rank, seed: 0, new ManagedBlas(), exact: true);
        var full = v.Svd(computeVectors: true);
        Assert.Equal((rows, rank), (u.RowCount, u.ColumnCount));
        Assert.Equal((rank, columns), (vt.RowCount, vt.ColumnCount));
        for (var j = 0; j < rank; j++)
        {
            Assert.Equal(full.S[j], s[j], 1e-9 * full.S[0]);
            // Each triplet up to a joint sign: u_j v_jᵀ is sign-free.
            var outer = u.Column(j).OuterProduct(vt.Row(j));
            var expected = full.U.Column(j).OuterProduct(full.VT.Row(j));
            Assert.InRange((outer - expected).FrobeniusNorm(), 0, 1e-8);
        }
    }
}
