using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Tests;

public class MultiplicativeUpdateBehaviourTests
{
    private static readonly IBlas Blas = new ManagedBlas();

    public static TheoryData<double> Betas => new() { 0.0, 0.5, 1.0, 1.5, 2.0, 3.0 };

    [Theory]
    [MemberData(nameof(Betas))]
    public void MultiplicativeUpdate_never_increases_the_loss_on_random_data(double beta) =>
        AssertMonotone(TestData.Uniform(30, 40, seed: 11), beta);

    [Theory]
    [MemberData(nameof(Betas))]
    public void MultiplicativeUpdate_never_increases_the_loss_on_spectrogram_like_data(double beta) =>
        AssertMonotone(TestData.SpectrogramLike(48, 60, rank: 5, seed: 12), beta);

    private static void AssertMonotone(Matrix<double> v, double beta)
    {
        var losses = new List<double>();
        var options = new NmfOptions
        {
            Rank = 4, Beta = beta, MaxIterations = 150, Tolerance = 0, Stopping = StoppingRule.NnFac, Seed = 5,
            OnLoss = (_, loss) => losses.Add(loss),
        };
        Factorization.Run(v, "mu", "random", options, Blas);

        Assert.Equal(151, losses.Count); // the start plus every iteration
        for (var i = 1; i < losses.Count; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] * (1 + 1e-12) + 1e-12,
                $"β={beta}: loss rose from {losses[i - 1]} to {losses[i]} at iteration {i}.");
        }

        Assert.True(losses[^1] < 0.9 * losses[0], $"β={beta}: the loss barely moved ({losses[0]} → {losses[^1]}).");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    public void MultiplicativeUpdate_recovers_a_planted_low_rank_factorisation(double beta)
    {
        var (v, _, _) = TestData.Planted(40, 60, rank: 3, seed: 21);
        var options = new NmfOptions { Rank = 3, Beta = beta, MaxIterations = 300, Tolerance = 0, Seed = 2 };
        var result = Factorization.Run(v, "mu", "random", options, Blas);
        var relative = (v - result.W * result.H).FrobeniusNorm() / v.FrobeniusNorm();
        Assert.InRange(relative, 0, 5e-3); // MU converges sublinearly; from a random start the error is ~0.5
        Assert.True(result.Converged == false && result.LossHistory[^1].Loss < 1e-4 * result.LossHistory[0].Loss);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(2.0)]
    public void MultiplicativeUpdate_in_float32_agrees_with_float64(double beta)
    {
        var v = TestData.SpectrogramLike(32, 40, rank: 4, seed: 31) + 0.01;
        var options = new NmfOptions { Rank = 4, Beta = beta, MaxIterations = 30, Tolerance = 0, Seed = 1 };
        var (w0, h0) = new RandomInitialisation().Create(v, new InitialisationRequest { Rank = 4, Seed = 1 }, Blas);

        var doubles = new MultiplicativeUpdate().Run(v, w0, h0, options, Blas);
        var singles = new MultiplicativeUpdate().Run(TestData.ToSingle(v), TestData.ToSingle(w0), TestData.ToSingle(h0), options, Blas);

        Assert.InRange(SklearnFixture.RelativeError(singles.W.Map(x => (double)x), doubles.W), 0, 1e-4);
        Assert.InRange(SklearnFixture.RelativeError(singles.H.Map(x => (double)x), doubles.H), 0, 1e-4);
        Assert.Equal(doubles.Loss, singles.Loss, 1e-4 * doubles.Loss);
    }

    [Fact]
    public void Same_seed_gives_identical_bits()
    {
        var v = TestData.SpectrogramLike(30, 50, rank: 4, seed: 41);
        var options = new NmfOptions { Rank = 4, Beta = 1, MaxIterations = 40, Seed = 77 };
        var first = Factorization.Run(v, "mu", "random", options, Blas);
        var second = Factorization.Run(v, "mu", "random", options, Blas);
        Assert.Equal(first.W.ToColumnMajorArray(), second.W.ToColumnMajorArray());
        Assert.Equal(first.H.ToColumnMajorArray(), second.H.ToColumnMajorArray());

        var other = Factorization.Run(v, "mu", "random", options with { Seed = 78 }, Blas);
        Assert.NotEqual(first.W.ToColumnMajorArray(), other.W.ToColumnMajorArray());
    }

    [Fact]
    public void Cancellation_stops_the_run_with_OperationCanceledException()
    {
        var v = TestData.Uniform(20, 30, seed: 51);
        using var source = new CancellationTokenSource();
        var options = new NmfOptions
        {
            Rank = 3, MaxIterations = 1000, Tolerance = 0, Stopping = StoppingRule.NnFac,
            OnLoss = (iteration, _) => { if (iteration == 5) source.Cancel(); },
        };
        var reached = 0;
        options = options with { OnLoss = options.OnLoss + ((iteration, _) => reached = iteration) };

        Assert.ThrowsAny<OperationCanceledException>(() => Factorization.Run(v, "mu", "random", options, Blas, cancellation: source.Token));
        Assert.Equal(5, reached);
    }

    [Fact]
    public void Zero_tolerance_runs_exactly_MaxIterations_and_records_every_tenth_loss_and_the_last()
    {
        var v = TestData.Uniform(20, 30, seed: 61);
        var seen = new List<int>();
        var options = new NmfOptions { Rank = 3, MaxIterations = 25, Tolerance = 0, OnLoss = (i, _) => seen.Add(i) };
        var result = Factorization.Run(v, "mu", "random", options, Blas);

        Assert.Equal(25, result.Iterations);
        Assert.False(result.Converged);
        Assert.Equal([0, 10, 20, 25], result.LossHistory.Select(p => p.Iteration));
        Assert.Equal([0, 10, 20, 25], seen);
        Assert.Equal(result.LossHistory[^1].Loss, result.Loss);
        Assert.Equal(BetaDivergence.Compute(v, result.W, result.H, 2.0, Blas), result.Loss, 1e-12 * result.Loss);
        Assert.Equal("managed", result.Backend);
        Assert.Equal(1, result.Threads);
        Assert.True(result.Seconds >= 0);
    }

    [Fact]
    public void ScikitLearn_rule_stops_on_a_tenth_iteration_when_progress_is_small()
    {
        var v = TestData.Uniform(20, 30, seed: 71);
        var result = Factorization.Run(v, "mu", "nndsvda", new NmfOptions { Rank = 3, MaxIterations = 500, Tolerance = 1e-3 }, Blas);
        Assert.True(result.Converged);
        Assert.True(result.Iterations < 500);
        Assert.Equal(0, result.Iterations % 10);

        // The rule fired exactly where (previous − error)/initial first fell below tol.
        var errors = result.LossHistory.Select(p => Math.Sqrt(2 * p.Loss)).ToArray();
        Assert.True((errors[^2] - errors[^1]) / errors[0] < 1e-3);
        for (var i = 1; i < errors.Length - 1; i++)
        {
            Assert.True((errors[i - 1] - errors[i]) / errors[0] >= 1e-3);
        }
    }

    [Fact]
    public void NnFac_rule_stops_when_the_absolute_change_is_below_tol()
    {
        var v = TestData.Uniform(20, 30, seed: 72);
        var options = new NmfOptions { Rank = 3, Beta = 1, MaxIterations = 500, Tolerance = 1e-3, Stopping = StoppingRule.NnFac };
        var result = Factorization.Run(v, "mu", "nndsvda", options, Blas);
        Assert.True(result.Converged);
        Assert.Equal(result.Iterations + 1, result.LossHistory.Count);
        var losses = result.LossHistory.Select(p => p.Loss).ToArray();
        Assert.True(Math.Abs(losses[^2] - losses[^1]) < 1e-3);
        Assert.True(Math.Abs(losses[^3] - losses[^2]) >= 1e-3);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void FixW_keeps_the_templates_and_still_lowers_the_loss(double beta)
    {
        var v = TestData.SpectrogramLike(24, 30, rank: 3, seed: 81) + 0.01;
        var (w0, h0) = new RandomInitialisation().Create(v, new InitialisationRequest { Rank = 3, Seed = 4 }, Blas);
        var result = new MultiplicativeUpdate().Run(v, w0, h0, new NmfOptions { Rank = 3, Beta = beta, MaxIterations = 20, Tolerance = 0, FixW = true }, Blas);
        Assert.Equal(w0.ToColumnMajorArray(), result.W.ToColumnMajorArray());
        Assert.True(result.Loss < result.LossHistory[0].Loss);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    public void FixH_keeps_the_activations_and_still_lowers_the_loss(double beta)
    {
        var v = TestData.SpectrogramLike(24, 30, rank: 3, seed: 82) + 0.01;
        var (w0, h0) = new RandomInitialisation().Create(v, new InitialisationRequest { Rank = 3, Seed = 4 }, Blas);
        var result = new MultiplicativeUpdate().Run(v, w0, h0, new NmfOptions { Rank = 3, Beta = beta, MaxIterations = 20, Tolerance = 0, FixH = true }, Blas);
        Assert.Equal(h0.ToColumnMajorArray(), result.H.ToColumnMajorArray());
        Assert.True(result.Loss < result.LossHistory[0].Loss);
    }

    [Fact]
    public void FixedTemplates_keep_their_columns_while_the_others_learn()
    {
        var v = TestData.SpectrogramLike(24, 30, rank: 3, seed: 83) + 0.01;
        var known = TestData.Uniform(24, 3, seed: 9);
        var options = new NmfOptions { Rank = 3, Beta = 1, MaxIterations = 15, Tolerance = 0, FixedTemplates = [0, 2] };
        var result = Factorization.Run(v, "mu", "random", options, Blas, new InitialisationRequest { Rank = 3, W0 = known });

        Assert.Equal(known.Column(0).ToArray(), result.W.Column(0).ToArray());
        Assert.Equal(known.Column(2).ToArray(), result.W.Column(2).ToArray());
        Assert.NotEqual(known.Column(1).ToArray(), result.W.Column(1).ToArray());
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void Silent_rows_and_frames_never_produce_NaN(double beta)
    {
        var v = TestData.SpectrogramLike(20, 25, rank: 3, seed: 91);
        for (var j = 0; j < v.ColumnCount; j++)
        {
            v[0, j] = 0; // a silent bin
        }

        v.SetColumn(4, new double[v.RowCount]); // a silent frame
        var result = Factorization.Run(v, "mu", "nndsvd", new NmfOptions { Rank = 3, Beta = beta, MaxIterations = 60, Tolerance = 0 }, Blas);
        Assert.All(result.W.Enumerate().Concat(result.H.Enumerate()), x => Assert.True(double.IsFinite(x) && x >= 0));
        Assert.True(double.IsFinite(result.Loss));
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(0.5, 2.0 / 3.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.5, 1.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(3.0, 0.5)]
    public void Gamma_follows_Fevotte_and_Idier(double beta, double gamma) =>
        Assert.Equal(gamma, MultiplicativeUpdate.Gamma(beta), 15);
}
