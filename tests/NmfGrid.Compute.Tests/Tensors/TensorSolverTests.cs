using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Tests.Tensors;

public sealed class TensorSolverTests
{
    private static readonly ManagedBlas Blas = new();

    [Theory]
    [InlineData("cp_hals", 2.0)]
    [InlineData("cp_mu", 2.0)]
    [InlineData("cp_mu", 1.0)]
    [InlineData("cp_mu", 0.0)]
    [InlineData("cp_mu", 1.5)]
    [InlineData("tucker_hals", 2.0)]
    [InlineData("tucker_mu", 2.0)]
    [InlineData("tucker_mu", 1.0)]
    [InlineData("tucker_mu", 0.5)]
    public void Objective_never_increases(string algorithm, double beta)
    {
        var (planted, _) = PlantedTensor.Cp([7, 6, 9], 3, seed: 4);
        // Noise, so no model fits exactly and every step has work to do; + 0.01 keeps β = 0 defined.
        var random = new Random(9);
        var x = new Tensor3(7, 6, 9, planted.Data.Select(v => v + 0.01 + 0.2 * random.NextDouble()).ToArray());
        var options = new NmfOptions { Rank = 3, Beta = beta, MaxIterations = 40, Tolerance = 0, Stopping = StoppingRule.NnFac, Seed = 1 };

        var result = TensorFactorization.Run(x, algorithm, "random", options, Blas);

        Assert.Equal(41, result.LossHistory.Count);
        for (var i = 1; i < result.LossHistory.Count; i++)
            Assert.True(result.LossHistory[i].Loss <= result.LossHistory[i - 1].Loss * (1 + 1e-12),
                $"{algorithm} β={beta}: loss rose at iteration {i}: {result.LossHistory[i - 1].Loss} → {result.LossHistory[i].Loss}");
        Assert.True(result.Loss < result.LossHistory[0].Loss * 0.9);
    }

    [Theory]
    [InlineData("cp_hals")]
    [InlineData("cp_mu")]
    public void Cp_recovers_planted_factors_up_to_order_and_scale(string algorithm)
    {
        var (x, truth) = PlantedTensor.Cp([10, 8, 12], 3, seed: 7);
        var options = new NmfOptions { Rank = 3, MaxIterations = 2000, Tolerance = 1e-10, Seed = 3 };

        var result = TensorFactorization.Run(x, algorithm, "random", options, Blas);

        Assert.True(result.Loss < 1e-4 * 0.5 * x.SquaredNorm(), $"relative loss {result.Loss / (0.5 * x.SquaredNorm())}");
        for (var n = 0; n < 3; n++)
            Assert.True(PlantedTensor.WorstMatch(truth[n], result.Factors[n]) > 0.99, $"mode {n}: {PlantedTensor.WorstMatch(truth[n], result.Factors[n])}");
    }

    [Theory]
    [InlineData("tucker_hals")]
    [InlineData("tucker_mu")]
    public void Tucker_recovers_a_planted_model_and_its_factor_subspaces(string algorithm)
    {
        var (x, truth, _) = PlantedTensor.Tucker([9, 8, 10], [2, 3, 2], seed: 5);
        var options = new NmfOptions
        {
            Rank = 2, MaxIterations = 1500, Tolerance = 1e-12, Seed = 2,
            Parameters = new Dictionary<string, double> { ["rank_1"] = 3 },
        };

        var result = TensorFactorization.Run(x, algorithm, "nndsvda", options, Blas);

        Assert.Equal(new[] { 2, 3, 2 }, result.Core!.Shape);
        Assert.True(result.Loss < 1e-3 * 0.5 * x.SquaredNorm(), $"relative loss {result.Loss / (0.5 * x.SquaredNorm())}");
        // Tucker is unique only up to invertible maps; sparse nonnegative factors pin them to scaled permutations.
        for (var n = 0; n < 3; n++)
            Assert.True(PlantedTensor.WorstMatch(truth[n], result.Factors[n]) > 0.95, $"mode {n}: {PlantedTensor.WorstMatch(truth[n], result.Factors[n])}");
    }

    [Fact]
    public void Cp_templates_times_activations_give_the_channel_mix_of_the_model()
    {
        var (x, truth) = PlantedTensor.Cp([2, 6, 9], 3, seed: 11);
        var result = new TensorResult("cp", truth, null, 0, true, 0, [], 0, "managed", 1);

        var view = TensorTemplates.ToMatrixResult(result, new TensorLayout(ActivationMode: 2, SummedMode: 0), Blas);

        Assert.Equal((6, 3), (view.W.RowCount, view.W.ColumnCount));
        Assert.Equal((3, 9), (view.H.RowCount, view.H.ColumnCount));
        var product = view.W * view.H;
        for (var f = 0; f < 6; f++)
            for (var t = 0; t < 9; t++)
                Assert.Equal(x[0, f, t] + x[1, f, t], product[f, t], 1e-12);
        Assert.Same(result, view.Tensor);
    }

    [Fact]
    public void Tucker_patterns_times_bar_activations_give_the_barwise_matrix_in_frequency_major_rows()
    {
        var (x, truth, core) = PlantedTensor.Tucker([5, 4, 3], [2, 2, 2], seed: 12);
        var result = new TensorResult("tucker", truth, core, 0, true, 0, [], 0, "managed", 1);

        var view = TensorTemplates.ToMatrixResult(result, new TensorLayout(ActivationMode: 0), Blas);

        Assert.Equal((12, 2), (view.W.RowCount, view.W.ColumnCount));
        var product = view.W * view.H;
        for (var bar = 0; bar < 5; bar++)
            for (var f = 0; f < 4; f++)
                for (var k = 0; k < 3; k++)
                    Assert.Equal(x[bar, f, k], product[f * 3 + k, bar], 1e-12);
    }
}
