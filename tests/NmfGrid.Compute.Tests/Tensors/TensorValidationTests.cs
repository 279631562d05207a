using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Tests.Tensors;

public sealed class TensorValidationTests
{
    private static readonly ManagedBlas Blas = new();
    private static Tensor3 Ones(int a, int b, int c) => new(a, b, c, Enumerable.Repeat(1.0, a * b * c).ToArray());

    [Fact]
    public void A_nan_entry_is_named_with_its_index_and_the_tensor_shape()
    {
        var x = Ones(3, 4, 5);
        x[1, 2, 3] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(x, "cp_mu", "random", new NmfOptions { Rank = 2 }, Blas));
        Assert.Contains("X[1, 2, 3]", e.Message);
        Assert.Contains("3×4×5", e.Message);
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void A_negative_entry_is_refused()
    {
        var x = Ones(2, 2, 2);
        x[0, 1, 1] = -1;
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(x, "cp_hals", "random", new NmfOptions { Rank = 1 }, Blas));
        Assert.Contains("negative", e.Message);
    }

    [Fact]
    public void A_zero_with_beta_zero_is_refused()
    {
        var x = Ones(2, 2, 2);
        x[1, 0, 0] = 0;
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(x, "cp_mu", "random", new NmfOptions { Rank = 1, Beta = 0 }, Blas));
        Assert.Contains("zero at [1, 0, 0]", e.Message);
    }

    [Fact]
    public void A_matrix_algorithm_given_a_tensor_names_the_algorithm_and_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(Ones(2, 3, 4), "mu", "random", new NmfOptions { Rank = 1 }, Blas));
        Assert.Contains("'mu' factorises matrices", e.Message);
        Assert.Contains("2×3×4", e.Message);
    }

    [Fact]
    public void A_tensor_algorithm_given_a_matrix_names_the_algorithm_and_the_shape()
    {
        var v = Matrix<double>.Build.Dense(5, 6, 1.0);
        var e = Assert.Throws<ArgumentException>(() => Factorization.Run(v, "tucker_hals", "random", new NmfOptions { Rank = 2 }, Blas));
        Assert.Contains("'tucker_hals' factorises a 3-way tensor", e.Message);
        Assert.Contains("5×6", e.Message);
    }

    [Fact]
    public void Hals_refuses_a_beta_other_than_two()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(Ones(2, 2, 2), "cp_hals", "random", new NmfOptions { Rank = 1, Beta = 1 }, Blas));
        Assert.Contains("beta 2", e.Message);
    }

    [Fact]
    public void Cp_has_no_per_mode_ranks()
    {
        var options = new NmfOptions { Rank = 1, Parameters = new Dictionary<string, double> { ["rank_0"] = 2 } };
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(Ones(2, 2, 2), "cp_mu", "random", options, Blas));
        Assert.Contains("no parameter 'rank_0'", e.Message);
    }

    [Fact]
    public void A_fractional_tucker_rank_is_refused_by_name()
    {
        var options = new NmfOptions { Rank = 1, Parameters = new Dictionary<string, double> { ["rank_2"] = 1.5 } };
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(Ones(2, 2, 2), "tucker_mu", "random", options, Blas));
        Assert.Contains("rank_2", e.Message);
    }

    [Fact]
    public void A_starting_factor_of_the_wrong_shape_is_named()
    {
        var x = Ones(3, 4, 5);
        var start = new TensorStart([Matrix<double>.Build.Dense(3, 2, 1.0), Matrix<double>.Build.Dense(4, 2, 1.0), Matrix<double>.Build.Dense(6, 2, 1.0)], null);
        var e = Assert.Throws<ArgumentException>(() => new CpHals().Run(x, start, new NmfOptions { Rank = 2 }, Blas));
        Assert.Contains("A2 is 6×2 but must be 5×2", e.Message);
    }

    [Fact]
    public void A_core_of_the_wrong_shape_is_named()
    {
        var x = Ones(3, 4, 5);
        var start = new TensorStart([Matrix<double>.Build.Dense(3, 2, 1.0), Matrix<double>.Build.Dense(4, 2, 1.0), Matrix<double>.Build.Dense(5, 2, 1.0)], Ones(2, 2, 3));
        var e = Assert.Throws<ArgumentException>(() => new TuckerHals().Run(x, start, new NmfOptions { Rank = 2 }, Blas));
        Assert.Contains("core is 2×2×3", e.Message);
    }

    [Fact]
    public void Custom_initialisation_is_not_available_for_tensors()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(Ones(2, 2, 2), "cp_mu", "custom", new NmfOptions { Rank = 1 }, Blas));
        Assert.Contains("'custom' cannot start a tensor model", e.Message);
    }

    [Fact]
    public void Penalties_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorFactorization.Run(Ones(2, 2, 2), "cp_mu", "random", new NmfOptions { Rank = 1, AlphaW = 0.1 }, Blas));
        Assert.Contains("no penalties", e.Message);
    }
}
