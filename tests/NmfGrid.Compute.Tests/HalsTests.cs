using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

public class HalsTests
{
    [Fact]
    public void Hals_matches_nn_fac_deterministic_hals()
    {
        // Fixtures/frobenius/make_frobenius_fixtures.py: nn_fac's accelerated HALS with alpha = inf, 10 iterations.
        var fixture = FactorizationFixture.Load("frobenius/hals_nnfac_seed1.json");
        var options = new NmfOptions
        {
            Rank = fixture.W0.ColumnCount, MaxIterations = fixture.Iterations, Tolerance = 0, Stopping = StoppingRule.NnFac,
        };

        var result = new Hals().Run(fixture.V, fixture.W0, fixture.H0, options, new ManagedBlas());

        Assert.Equal(fixture.Iterations, result.Iterations);
        CoordinateDescentTests.AssertClose(fixture.W, result.W, 1e-9);
        CoordinateDescentTests.AssertClose(fixture.H, result.H, 1e-9);
        Assert.Equal(fixture.Loss, result.Loss, fixture.Loss * 1e-9);
    }

    [Fact]
    public void Hals_with_one_inner_sweep_is_coordinate_descent()
    {
        var fixture = FactorizationFixture.Load("sklearn-nmf/cd_frobenius_seed1.json");
        var options = new NmfOptions { Rank = fixture.W0.ColumnCount, MaxIterations = 7, Tolerance = 0, AlphaW = 0.01, L1Ratio = 0.5 };

        var hals = new Hals(double.PositiveInfinity, maxInnerSweeps: 1).Run(fixture.V, fixture.W0, fixture.H0, options, new ManagedBlas());
        var cd = new CoordinateDescent().Run(fixture.V, fixture.W0, fixture.H0, options, new ManagedBlas());

        Assert.Equal(cd.W.ToColumnMajorArray(), hals.W.ToColumnMajorArray());
        Assert.Equal(cd.H.ToColumnMajorArray(), hals.H.ToColumnMajorArray());
    }

    [Fact]
    public void Hals_with_nn_fac_stopping_evaluates_every_iteration_and_stops_on_an_absolute_change()
    {
        var problem = PlantedFactorization.Create(20, 30, 3, seed: 21);
        var options = new NmfOptions { Rank = 3, MaxIterations = 500, Tolerance = 1e-3, Stopping = StoppingRule.NnFac };

        var result = new Hals().Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.True(result.Converged);
        Assert.InRange(result.Iterations, 2, 499);
        Assert.Equal(Enumerable.Range(0, result.Iterations + 1), result.LossHistory.Select(p => p.Iteration));
        Assert.True(Math.Abs(result.LossHistory[^2].Loss - result.LossHistory[^1].Loss) < 1e-3);
        Assert.True(Math.Abs(result.LossHistory[^3].Loss - result.LossHistory[^2].Loss) >= 1e-3);
    }

    [Fact]
    public void Hals_with_sklearn_stopping_checks_every_ten_iterations_on_the_relative_error_decrease()
    {
        var problem = PlantedFactorization.Create(20, 30, 3, seed: 22);
        var options = new NmfOptions { Rank = 3, MaxIterations = 1000, Tolerance = 1e-4 };

        var result = new Hals().Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.True(result.Converged);
        Assert.Equal(0, result.Iterations % 10);
        Assert.All(result.LossHistory, p => Assert.Equal(0, p.Iteration % 10));
        var error = result.LossHistory.Select(p => Math.Sqrt(2 * p.Loss)).ToArray();
        Assert.True((error[^2] - error[^1]) / error[0] < 1e-4);
        Assert.True((error[^3] - error[^2]) / error[0] >= 1e-4);
    }

    [Fact]
    public void Hals_with_zero_tolerance_runs_every_iteration()
    {
        var problem = PlantedFactorization.Create(10, 15, 2, seed: 23);
        var options = new NmfOptions { Rank = 2, MaxIterations = 37, Tolerance = 0 };

        var result = new Hals().Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.Equal(37, result.Iterations);
        Assert.False(result.Converged);
        Assert.Equal([0, 10, 20, 30, 37], result.LossHistory.Select(p => p.Iteration));
    }

    [Fact]
    public void Hals_with_nn_fac_time_limited_inner_loop_still_decreases_the_loss()
    {
        var problem = PlantedFactorization.Create(20, 30, 3, seed: 24);
        var options = new NmfOptions { Rank = 3, MaxIterations = 30, Tolerance = 0, Stopping = StoppingRule.NnFac };

        var result = new Hals(innerTimeRatio: 0.5).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.True(result.Loss < 0.1 * result.LossHistory[0].Loss);
    }

    [Theory]
    [InlineData(-1.0, 100, 0.01, "innerTimeRatio")]
    [InlineData(double.NaN, 100, 0.01, "innerTimeRatio")]
    [InlineData(0.5, 0, 0.01, "maxInnerSweeps")]
    [InlineData(0.5, 100, 1.5, "innerDelta")]
    public void Hals_rejects_bad_inner_loop_settings(double alpha, int sweeps, double delta, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Hals(alpha, sweeps, delta));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Hals_in_float32_runs_natively()
    {
        var problem = PlantedFactorization.Create(10, 15, 2, seed: 25);
        var (v, w0, h0) = problem.Single();

        NmfResult<float> result = new Hals().Run(v, w0, h0, new NmfOptions { Rank = 2, MaxIterations = 20 }, new ManagedBlas());

        Assert.IsAssignableFrom<Matrix<float>>(result.W);
        Assert.True(result.Loss < result.LossHistory[0].Loss);
    }
}
