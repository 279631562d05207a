using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

public class CoordinateDescentTests
{
    [Theory]
    [InlineData("sklearn-nmf/cd_frobenius_seed1.json")]
    [InlineData("sklearn-nmf/cd_frobenius_seed2.json")]
    public void CoordinateDescent_matches_sklearn_cd_without_shuffle(string file)
    {
        var fixture = FactorizationFixture.Load(file);
        var options = new NmfOptions { Rank = fixture.W0.ColumnCount, MaxIterations = fixture.Iterations, Tolerance = 0 };

        var result = new CoordinateDescent().Run(fixture.V, fixture.W0, fixture.H0, options, new ManagedBlas());

        Assert.Equal(fixture.Iterations, result.Iterations);
        AssertClose(fixture.W, result.W, 1e-9);
        AssertClose(fixture.H, result.H, 1e-9);
        Assert.Equal(fixture.Loss, result.Loss, fixture.Loss * 1e-9);
    }

    [Fact]
    public void CoordinateDescent_matches_sklearn_cd_with_l1_and_l2_penalties()
    {
        // alpha_W = 0.05, alpha_H = 0.02, l1_ratio = 0.3: checks the scaling by T (for W) and F (for H).
        var fixture = FactorizationFixture.Load("frobenius/cd_penalised_seed1.json");
        var options = new NmfOptions
        {
            Rank = fixture.W0.ColumnCount, MaxIterations = fixture.Iterations, Tolerance = 0,
            AlphaW = fixture.AlphaW, AlphaH = fixture.AlphaH, L1Ratio = fixture.L1Ratio,
        };

        var result = new CoordinateDescent().Run(fixture.V, fixture.W0, fixture.H0, options, new ManagedBlas());

        Assert.True(fixture.AlphaW > 0 && fixture.AlphaH > 0 && fixture.L1Ratio > 0);
        AssertClose(fixture.W, result.W, 1e-9);
        AssertClose(fixture.H, result.H, 1e-9);
        Assert.Equal(fixture.Loss, result.Loss, fixture.Loss * 1e-9);
    }

    [Fact]
    public void CoordinateDescent_one_iteration_matches_the_sklearn_test_vector()
    {
        // Reference brief §1.10: X[i,j] = 1 + ((3i+5j) mod 7)/2, W0[i,c] = 1 + ((i+2c) mod 3)/2, H0[r,j] = 1 + ((2r+j) mod 4)/4.
        var v = Matrix<double>.Build.Dense(4, 5, (i, j) => 1 + ((3 * i + 5 * j) % 7) / 2.0);
        var w0 = Matrix<double>.Build.Dense(4, 2, (i, c) => 1 + ((i + 2 * c) % 3) * 0.5);
        var h0 = Matrix<double>.Build.Dense(2, 5, (r, j) => 1 + ((2 * r + j) % 4) * 0.25);
        var options = new NmfOptions { Rank = 2, MaxIterations = 1, Tolerance = 0 };

        var result = new CoordinateDescent().Run(v, w0, h0, options, new ManagedBlas());

        Assert.Equal(0.0, result.W[0, 0], 1e-10);
        Assert.Equal(1.7777777778, result.W[0, 1], 1e-9);
        Assert.Equal(1.5862493805, result.H[0, 0], 1e-9);
        Assert.Equal(1.3153850080, result.H[1, 0], 1e-9);
        Assert.Equal(7.288690932092387, result.Loss, 1e-12);
    }

    [Fact]
    public void CoordinateDescent_stops_after_one_iteration_when_the_start_is_stationary()
    {
        // V = W0·H0 in small integers: every gradient is exactly zero, so the first violation is 0.
        var w0 = Matrix<double>.Build.DenseOfArray(new double[,] { { 1 }, { 2 }, { 3 } });
        var h0 = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 3, 2, 4 } });
        var options = new NmfOptions { Rank = 1, MaxIterations = 50, Tolerance = 0 };

        var result = new CoordinateDescent().Run(w0 * h0, w0, h0, options, new ManagedBlas());

        Assert.Equal(1, result.Iterations);
        Assert.True(result.Converged);
        Assert.Equal(0.0, result.Loss);
    }

    [Fact]
    public void CoordinateDescent_stops_when_the_violation_falls_below_tolerance()
    {
        var problem = PlantedFactorization.Create(20, 30, 3, seed: 5);
        var options = new NmfOptions { Rank = 3, MaxIterations = 500, Tolerance = 1e-2 };

        var result = new CoordinateDescent().Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.True(result.Converged);
        Assert.InRange(result.Iterations, 2, 499);
    }

    internal static void AssertClose(Matrix<double> expected, Matrix<double> actual, double relative)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        var scale = expected.Enumerate().Max(Math.Abs);
        for (var i = 0; i < expected.RowCount; i++)
        {
            for (var j = 0; j < expected.ColumnCount; j++)
            {
                var tolerance = relative * Math.Max(Math.Abs(expected[i, j]), 1e-3 * scale);
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= tolerance,
                            $"[{i},{j}]: expected {expected[i, j]:R}, got {actual[i, j]:R}");
            }
        }
    }
}
