using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>What every Frobenius solver ("hals", "cd") promises, whatever its update.</summary>
public class FrobeniusSolverTests
{
    public static TheoryData<string> Solvers => new() { "hals", "cd" };

    private static INmfAlgorithm Solver(string name) => AlgorithmRegistry.Get(name);

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_loss_never_increases(string name)
    {
        var problem = PlantedFactorization.Create(30, 40, 4, seed: 1);
        var options = new NmfOptions { Rank = 4, MaxIterations = 60, Tolerance = 0, Stopping = StoppingRule.NnFac };

        var result = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.True(result.LossHistory.Count >= 7);
        for (var i = 1; i < result.LossHistory.Count; i++)
        {
            var (before, after) = (result.LossHistory[i - 1].Loss, result.LossHistory[i].Loss);
            Assert.True(after <= before * (1 + 1e-12), $"loss rose from {before:R} to {after:R} at point {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_recovers_a_planted_low_rank_matrix(string name)
    {
        var problem = PlantedFactorization.Create(30, 40, 3, seed: 2);
        var options = new NmfOptions { Rank = 3, MaxIterations = 400, Tolerance = 0 };

        var result = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        var relativeError = (problem.V - result.W * result.H).FrobeniusNorm() / problem.V.FrobeniusNorm();
        Assert.True(relativeError < 1e-3, $"relative error {relativeError}");
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_in_float32_agrees_with_float64(string name)
    {
        var problem = PlantedFactorization.Create(25, 35, 4, seed: 3);
        var (v32, w32, h32) = problem.Single();
        var options = new NmfOptions { Rank = 4, MaxIterations = 30, Tolerance = 0 };

        var r64 = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());
        var r32 = Solver(name).Run(v32, w32, h32, options, new ManagedBlas());

        var wh64 = r64.W * r64.H;
        var wh32 = (r32.W * r32.H).Map(x => (double)x);
        Assert.True((wh64 - wh32).FrobeniusNorm() / wh64.FrobeniusNorm() < 1e-4);
        Assert.Equal(r64.Loss, r32.Loss, r64.Loss * 1e-2 + 1e-6);
    }

    [Theory]
    [InlineData("hals", 1.0)]
    [InlineData("hals", 0.0)]
    [InlineData("cd", 1.5)]
    public void Frobenius_solver_rejects_other_beta_naming_solver_and_beta(string name, double beta)
    {
        var problem = PlantedFactorization.Create(5, 6, 2, seed: 4);
        var options = new NmfOptions { Rank = 2, Beta = beta };

        var check = Assert.Throws<ArgumentException>(() => Solver(name).CheckOptions(options));
        var run = Assert.Throws<ArgumentException>(() => Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas()));

        foreach (var message in new[] { check.Message, run.Message })
        {
            Assert.Contains($"'{name}'", message);
            Assert.Contains($"β = {beta}", message);
        }
    }

    public static TheoryData<string, NmfOptions, string> BadOptions => new()
    {
        { "hals", new NmfOptions { Rank = 0 }, "Rank" },
        { "cd", new NmfOptions { Rank = 2, MaxIterations = -1 }, "MaxIterations" },
        { "hals", new NmfOptions { Rank = 2, Tolerance = -1e-3 }, "Tolerance" },
        { "cd", new NmfOptions { Rank = 2, Tolerance = double.NaN }, "Tolerance" },
        { "hals", new NmfOptions { Rank = 2, AlphaW = -0.1 }, "AlphaW" },
        { "cd", new NmfOptions { Rank = 2, AlphaH = double.PositiveInfinity }, "AlphaH" },
        { "hals", new NmfOptions { Rank = 2, L1Ratio = 1.5 }, "L1Ratio" },
        { "cd", new NmfOptions { Rank = 2, FixedTemplates = [0, 2] }, "FixedTemplates lists template 2" },
        { "hals", new NmfOptions { Rank = 2, FixedTemplates = [-1] }, "FixedTemplates lists template -1" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Frobenius_solver_rejects_bad_options_naming_the_key(string name, NmfOptions options, string key)
    {
        var problem = PlantedFactorization.Create(5, 6, 2, seed: 4);

        var check = Assert.ThrowsAny<ArgumentException>(() => Solver(name).CheckOptions(options));
        var run = Assert.ThrowsAny<ArgumentException>(
            () => Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas()));

        Assert.Contains(key, check.Message);
        Assert.Contains(key, run.Message);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_rejects_factors_of_the_wrong_shape(string name)
    {
        var problem = PlantedFactorization.Create(5, 6, 2, seed: 4);
        var options = new NmfOptions { Rank = 2 };

        var error = Assert.Throws<ArgumentException>(
            () => Solver(name).Run(problem.V, problem.W0, problem.H0.Transpose(), options, new ManagedBlas()));

        Assert.Contains("H0 is 6×2", error.Message);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_keeps_a_fixed_W_and_still_fits_H(string name)
    {
        var problem = PlantedFactorization.Create(20, 25, 3, seed: 6);
        var options = new NmfOptions { Rank = 3, MaxIterations = 20, Tolerance = 0, FixW = true };

        var result = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.Equal(problem.W0.ToColumnMajorArray(), result.W.ToColumnMajorArray());
        Assert.NotEqual(problem.H0.ToColumnMajorArray(), result.H.ToColumnMajorArray());
        Assert.True(result.Loss < result.LossHistory[0].Loss);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_keeps_a_fixed_H_and_still_fits_W(string name)
    {
        var problem = PlantedFactorization.Create(20, 25, 3, seed: 7);
        var options = new NmfOptions { Rank = 3, MaxIterations = 20, Tolerance = 0, FixH = true };

        var result = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.Equal(problem.H0.ToColumnMajorArray(), result.H.ToColumnMajorArray());
        Assert.NotEqual(problem.W0.ToColumnMajorArray(), result.W.ToColumnMajorArray());
        Assert.True(result.Loss < result.LossHistory[0].Loss);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_with_both_factors_fixed_returns_the_start(string name)
    {
        var problem = PlantedFactorization.Create(8, 9, 2, seed: 15);
        var options = new NmfOptions { Rank = 2, MaxIterations = 20, FixW = true, FixH = true };

        var result = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.Equal(0, result.Iterations);
        Assert.Equal(problem.W0, result.W);
        Assert.Equal(problem.H0, result.H);
        Assert.Equal(result.LossHistory[0].Loss, result.Loss);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_keeps_fixed_template_columns_and_learns_the_others(string name)
    {
        var problem = PlantedFactorization.Create(20, 25, 4, seed: 8);
        var options = new NmfOptions { Rank = 4, MaxIterations = 20, Tolerance = 0, FixedTemplates = [0, 2] };

        var result = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        foreach (var k in new[] { 0, 2 })
        {
            Assert.Equal(problem.W0.Column(k).ToArray(), result.W.Column(k).ToArray());
        }

        foreach (var k in new[] { 1, 3 })
        {
            Assert.NotEqual(problem.W0.Column(k).ToArray(), result.W.Column(k).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_gives_identical_bits_for_identical_inputs(string name)
    {
        var problem = PlantedFactorization.Create(30, 50, 5, seed: 9);
        var (v32, w32, h32) = problem.Single();
        var options = new NmfOptions { Rank = 5, MaxIterations = 25, Tolerance = 0, Seed = 3 };

        var first = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());
        var second = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());
        var first32 = Solver(name).Run(v32, w32, h32, options, new ManagedBlas());
        var second32 = Solver(name).Run(v32, w32, h32, options, new ManagedBlas());

        Assert.Equal(first.W.ToColumnMajorArray(), second.W.ToColumnMajorArray());
        Assert.Equal(first.H.ToColumnMajorArray(), second.H.ToColumnMajorArray());
        Assert.Equal(first.LossHistory, second.LossHistory);
        Assert.Equal(first32.W.ToColumnMajorArray(), second32.W.ToColumnMajorArray());
        Assert.Equal(first32.H.ToColumnMajorArray(), second32.H.ToColumnMajorArray());
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_leaves_the_starting_factors_untouched(string name)
    {
        var problem = PlantedFactorization.Create(10, 12, 2, seed: 10);
        var (w0, h0) = (problem.W0.Clone(), problem.H0.Clone());

        Solver(name).Run(problem.V, problem.W0, problem.H0, new NmfOptions { Rank = 2, MaxIterations = 5 }, new ManagedBlas());

        Assert.Equal(w0, problem.W0);
        Assert.Equal(h0, problem.H0);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_reports_every_loss_it_records_to_OnLoss(string name)
    {
        var problem = PlantedFactorization.Create(10, 12, 2, seed: 11);
        var reported = new List<LossPoint>();
        var options = new NmfOptions
        {
            Rank = 2, MaxIterations = 25, Tolerance = 0, OnLoss = (i, loss) => reported.Add(new LossPoint(i, loss)),
        };

        var result = Solver(name).Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());

        Assert.Equal(result.LossHistory, reported);
        Assert.Equal(0, reported[0].Iteration);
        Assert.Equal(new LossPoint(25, result.Loss), reported[^1]);
        Assert.Equal("managed", result.Backend);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_stops_when_cancelled(string name)
    {
        var problem = PlantedFactorization.Create(10, 12, 2, seed: 12);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => Solver(name).Run(problem.V, problem.W0, problem.H0, new NmfOptions { Rank = 2 }, new ManagedBlas(), cancelled.Token));
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_with_an_L1_penalty_gives_sparser_activations(string name)
    {
        var problem = PlantedFactorization.Create(30, 40, 4, seed: 13);
        var plain = new NmfOptions { Rank = 4, MaxIterations = 100, Tolerance = 0 };
        var sparse = plain with { AlphaH = 0.05, L1Ratio = 1.0 };

        var without = Solver(name).Run(problem.V, problem.W0, problem.H0, plain, new ManagedBlas());
        var with = Solver(name).Run(problem.V, problem.W0, problem.H0, sparse, new ManagedBlas());

        Assert.True(with.H.Enumerate().Count(x => x == 0) > without.H.Enumerate().Count(x => x == 0));
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Frobenius_solver_is_registered_under_its_name(string name)
    {
        Assert.Equal(name, AlgorithmRegistry.Get(name).Name);
        Assert.Contains(name, AlgorithmRegistry.Names);
    }

    [Fact]
    public void Hals_and_cd_reach_the_same_penalised_activations_when_W_is_fixed()
    {
        // With W fixed the penalised problem in H is strictly convex (l2 > 0): one minimiser, whichever solver.
        var problem = PlantedFactorization.Create(20, 30, 3, seed: 14);
        var options = new NmfOptions
        {
            Rank = 3, MaxIterations = 300, Tolerance = 0, FixW = true, AlphaW = 0.02, AlphaH = 0.02, L1Ratio = 0.5,
        };

        var hals = Solver("hals").Run(problem.V, problem.W0, problem.H0, options, new ManagedBlas());
        var cd = Solver("cd").Run(problem.V, problem.W0, problem.H0, options with { Tolerance = 1e-12 }, new ManagedBlas());

        Assert.True((hals.H - cd.H).FrobeniusNorm() <= 1e-8 * cd.H.FrobeniusNorm());
    }
}
