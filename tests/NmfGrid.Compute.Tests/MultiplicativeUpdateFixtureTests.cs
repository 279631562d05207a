using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Tests;

/// <summary>MU against scikit-learn 1.2.1 (solver='mu', tol=0): every β, 1 and 50 iterations, two seeds, and a penalised run.</summary>
public class MultiplicativeUpdateFixtureTests
{
    private const double Tolerance = 1e-9;

    public static IEnumerable<object[]> MuCases => SklearnFixture.Named("mu_beta");

    [Theory]
    [MemberData(nameof(MuCases))]
    public void MultiplicativeUpdate_matches_sklearn_W_and_H(string name)
    {
        var fixture = SklearnFixture.Load(name);
        var options = new NmfOptions
        {
            Rank = fixture.W.ColumnCount,
            Beta = fixture.Beta,
            MaxIterations = fixture.Iterations,
            Tolerance = 0,
            AlphaW = fixture.AlphaW,
            AlphaH = fixture.AlphaH,
            L1Ratio = fixture.L1Ratio,
        };

        var result = new MultiplicativeUpdate().Run(fixture.V, fixture.W0!, fixture.H0!, options, new ManagedBlas());

        Assert.Equal(fixture.Iterations, result.Iterations);
        Assert.InRange(SklearnFixture.RelativeError(result.W, fixture.W), 0, Tolerance);
        Assert.InRange(SklearnFixture.RelativeError(result.H, fixture.H), 0, Tolerance);
        if (fixture.Loss is { } loss)
        {
            Assert.InRange(Math.Abs(result.Loss - loss) / loss, 0, Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(MuCases))]
    public void BetaDivergence_matches_sklearn_at_the_start_and_the_end(string name)
    {
        var fixture = SklearnFixture.Load(name);
        var blas = new ManagedBlas();
        if (fixture.Loss0 is { } loss0)
        {
            var d0 = BetaDivergence.Compute(fixture.V, fixture.W0!, fixture.H0!, fixture.Beta, blas);
            Assert.InRange(Math.Abs(d0 - loss0) / loss0, 0, Tolerance);
        }

        if (fixture.Loss is { } loss)
        {
            var d = BetaDivergence.Compute(fixture.V, fixture.W, fixture.H, fixture.Beta, blas);
            Assert.InRange(Math.Abs(d - loss) / loss, 0, Tolerance);
        }
    }

    [Fact]
    public void MultiplicativeUpdate_matches_sklearn_for_beta_0_5()
    {
        var fixture = SklearnFixture.Load("mu_beta0.5_iter50_seed1");
        var options = new NmfOptions { Rank = fixture.W.ColumnCount, Beta = 0.5, MaxIterations = 50, Tolerance = 0 };
        var result = new MultiplicativeUpdate().Run(fixture.V, fixture.W0!, fixture.H0!, options, new ManagedBlas());
        Assert.InRange(SklearnFixture.RelativeError(result.W, fixture.W), 0, Tolerance);
        Assert.InRange(SklearnFixture.RelativeError(result.H, fixture.H), 0, Tolerance);
    }
}

/// <summary>The column-blocked path (used with native BLAS) gives the same iterates as the whole-matrix one.</summary>
public class MultiplicativeUpdateBlockedTests
{
    public static IEnumerable<object[]> MuCases => SklearnFixture.Named("mu_beta");

    [Theory]
    [MemberData(nameof(MuCases))]
    public void Blocked_multiplicative_update_matches_sklearn_too(string name)
    {
        var fixture = SklearnFixture.Load(name);
        var options = new NmfOptions
        {
            Rank = fixture.W.ColumnCount, Beta = fixture.Beta, MaxIterations = fixture.Iterations, Tolerance = 0,
            AlphaW = fixture.AlphaW, AlphaH = fixture.AlphaH, L1Ratio = fixture.L1Ratio,
        };

        // About 7 columns per block, so most cases also have a narrower last block.
        var result = new MultiplicativeUpdate(blockEntries: 7 * fixture.V.RowCount).Run(fixture.V, fixture.W0!, fixture.H0!, options, new ManagedBlas());

        Assert.InRange(SklearnFixture.RelativeError(result.W, fixture.W), 0, 1e-9);
        Assert.InRange(SklearnFixture.RelativeError(result.H, fixture.H), 0, 1e-9);
    }
}
