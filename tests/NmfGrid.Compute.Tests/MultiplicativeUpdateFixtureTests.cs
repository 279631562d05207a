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

/// <summary>
/// The native-BLAS paths against scikit-learn: β=2 forms V·Hᵀ and Wᵀ·V in the layout OpenBLAS runs fastest
/// (DataProducts: Wᵀ·V as (Vᵀ·W)ᵀ in double, from a transposed copy of V in float) and takes its loss from
/// those products; β≠2 runs in column blocks. The double iterates and losses stay scikit-learn's to 1e-9.
/// </summary>
public class MultiplicativeUpdateNativeTests
{
    public static IEnumerable<object[]> MuCases => SklearnFixture.Named("mu_beta");

    /// <summary>D_β(V | WH) formed directly (managed BLAS, no loss shortcut) at the iterate after <paramref name="iteration"/> iterations.</summary>
    private static double DirectLossAt(SklearnFixture fixture, NmfOptions options, int iteration)
    {
        var managed = new ManagedBlas();
        if (iteration == 0)
            return BetaDivergence.Compute(fixture.V, fixture.W0!, fixture.H0!, options.Beta, managed);
        var run = new MultiplicativeUpdate().Run(fixture.V, fixture.W0!, fixture.H0!,
                                                 options with { MaxIterations = iteration, Stopping = StoppingRule.ScikitLearn }, managed);
        return BetaDivergence.Compute(fixture.V, run.W, run.H, options.Beta, managed);
    }

    private static NmfOptions OptionsOf(SklearnFixture fixture) => new()
    {
        Rank = fixture.W.ColumnCount, Beta = fixture.Beta, MaxIterations = fixture.Iterations, Tolerance = 0,
        AlphaW = fixture.AlphaW, AlphaH = fixture.AlphaH, L1Ratio = fixture.L1Ratio,
    };

    [Theory]
    [MemberData(nameof(MuCases))]
    public void OpenBlas_double_matches_sklearn_W_H_and_loss(string name)
    {
        var fixture = SklearnFixture.Load(name);
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, 1, out var blas, out var failure), failure);

        var result = new MultiplicativeUpdate().Run(fixture.V, fixture.W0!, fixture.H0!, OptionsOf(fixture), blas);

        Assert.InRange(SklearnFixture.RelativeError(result.W, fixture.W), 0, 1e-9);
        Assert.InRange(SklearnFixture.RelativeError(result.H, fixture.H), 0, 1e-9);
        if (fixture.Loss is { } loss)
            Assert.InRange(Math.Abs(result.Loss - loss) / loss, 0, 1e-9);
        if (fixture.Loss0 is { } loss0)
            Assert.InRange(Math.Abs(result.LossHistory[0].Loss - loss0) / loss0, 0, 1e-9);
    }

    [Theory]
    [MemberData(nameof(MuCases))]
    public void OpenBlas_float_stays_near_the_double_run(string name)
    {
        var fixture = SklearnFixture.Load(name);
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, 1, out var blas, out var failure), failure);
        var single = new MultiplicativeUpdate().Run(fixture.V.Map(x => (float)x), fixture.W0!.Map(x => (float)x),
                                                    fixture.H0!.Map(x => (float)x), OptionsOf(fixture), blas);

        // float32 rounding grows over the iterations; the factors and the loss stay within 1e-3 of scikit-learn's double run.
        Assert.InRange(SklearnFixture.RelativeError(single.W.Map(x => (double)x), fixture.W), 0, 1e-3);
        Assert.InRange(SklearnFixture.RelativeError(single.H.Map(x => (double)x), fixture.H), 0, 1e-3);
        if (fixture.Loss is { } loss)
            Assert.InRange(Math.Abs(single.Loss - loss) / loss, 0, 1e-3);
    }

    [Fact]
    public void Beta_2_loss_history_is_the_direct_loss_at_every_check()
    {
        // The loss from the products (½‖V‖² − ⟨W, VHᵀ⟩ + ½⟨WᵀW, HHᵀ⟩) against ½‖V − WH‖² formed directly.
        var fixture = SklearnFixture.Load("mu_beta2.0_iter50_seed1");
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, 1, out var blas, out var failure), failure);
        var options = OptionsOf(fixture) with { MaxIterations = 30 };
        var checks = new List<(int Iteration, double Loss, double Direct)>();
        var mu = new MultiplicativeUpdate();

        var result = mu.Run(fixture.V, fixture.W0!, fixture.H0!, options, blas);
        foreach (var point in result.LossHistory)
        {
            checks.Add((point.Iteration, point.Loss, DirectLossAt(fixture, options, point.Iteration)));
        }

        Assert.Equal([0, 10, 20, 30], checks.Select(c => c.Iteration));
        Assert.All(checks, c => Assert.InRange(Math.Abs(c.Loss - c.Direct) / c.Direct, 0, 1e-9));
    }

    [Fact]
    public void Beta_2_loss_of_an_exact_fit_is_formed_directly_not_from_cancelling_products()
    {
        // V = W·H exactly: ½‖V‖² − ⟨W, VHᵀ⟩ + ½⟨WᵀW, HHᵀ⟩ would be rounding noise of ½‖V‖² (possibly negative);
        // the solver sees the cancellation and forms ½‖V − WH‖² instead.
        var random = new Random(3);
        var w = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(40, 3, (_, _) => 0.1 + random.NextDouble());
        var h = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(3, 30, (_, _) => 0.1 + random.NextDouble());
        var v = w * h;
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, 1, out var blas, out var failure), failure);
        var options = new NmfOptions { Rank = 3, Beta = 2, MaxIterations = 10, Tolerance = 0 };

        var result = new MultiplicativeUpdate().Run(v, w, h, options, blas);

        var direct = BetaDivergence.Compute(v, result.W, result.H, 2.0, new ManagedBlas());
        Assert.All(result.LossHistory, p => Assert.True(p.Loss >= 0, $"loss {p.Loss} at iteration {p.Iteration}"));
        Assert.InRange(Math.Abs(result.Loss - direct), 0, 1e-12 * v.FrobeniusNorm() * v.FrobeniusNorm());
        Assert.InRange(result.Loss, 0, 1e-20 * v.FrobeniusNorm() * v.FrobeniusNorm());
    }

    [Fact]
    public void Beta_1_loss_taken_every_iteration_with_the_next_update_is_the_direct_loss()
    {
        // nn_fac's stop rule takes the loss after every iteration; in column blocks it is added up during the pass
        // the next W update makes anyway. Each must equal D_KL(V | WH) formed directly, and the iterates must not move.
        var fixture = SklearnFixture.Load("mu_beta1.0_iter50_seed1");
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, 1, out var blas, out var failure), failure);
        var options = OptionsOf(fixture) with { MaxIterations = 12, Stopping = StoppingRule.NnFac };
        var blocked = new MultiplicativeUpdate(blockEntries: 7 * fixture.V.RowCount);

        var result = blocked.Run(fixture.V, fixture.W0!, fixture.H0!, options, blas);

        Assert.Equal(Enumerable.Range(0, 13), result.LossHistory.Select(p => p.Iteration));
        foreach (var point in result.LossHistory.Where(p => p.Iteration is 0 or 1 or 5 or 12))
        {
            var direct = DirectLossAt(fixture, options, point.Iteration);
            Assert.InRange(Math.Abs(point.Loss - direct) / direct, 0, 1e-12);
        }

        var plain = new MultiplicativeUpdate().Run(fixture.V, fixture.W0!, fixture.H0!, options with { Stopping = StoppingRule.ScikitLearn }, new ManagedBlas());
        Assert.InRange(SklearnFixture.RelativeError(result.W, plain.W), 0, 1e-12);
        Assert.InRange(SklearnFixture.RelativeError(result.H, plain.H), 0, 1e-12);
    }
}
