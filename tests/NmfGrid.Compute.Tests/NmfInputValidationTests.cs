using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>Each bad input fails before any numerics, with an exception that names what is wrong.</summary>
public class NmfInputValidationTests
{
    private static readonly IBlas Blas = new ManagedBlas();
    private static readonly NmfOptions Rank2 = new() { Rank = 2, MaxIterations = 5 };

    private static Matrix<double> GoodV() => TestData.Uniform(6, 8, seed: 1);

    private static TException Fails<TException>(Action run, params string[] mentions)
        where TException : Exception
    {
        var error = Assert.ThrowsAny<TException>(run);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, error.Message);
        }

        return error;
    }

    [Fact]
    public void Negative_entry_in_V_is_named_with_its_position_and_value()
    {
        var v = GoodV();
        v[2, 3] = -0.5;
        var error = Fails<ArgumentException>(() => Factorization.Run(v, "mu", "random", Rank2, Blas), "V[2, 3]", "-0.5", "negative");
        Assert.Equal("V", error.ParamName);
    }

    [Fact]
    public void A_parameter_the_algorithm_does_not_declare_is_named() =>
        Fails<ArgumentException>(() => Factorization.Run(GoodV(), "mu", "random",
            Rank2 with { Parameters = new Dictionary<string, double> { ["sparsity"] = 0.1 } }, Blas), "'sparsity'", "'mu'");

    [Fact]
    public void NaN_in_V_is_rejected() =>
        Fails<ArgumentException>(() => Factorization.Run(WithEntry(GoodV(), 4, 1, double.NaN), "mu", "random", Rank2, Blas), "V[4, 1]", "NaN");

    [Fact]
    public void Infinity_in_V_is_rejected() =>
        Fails<ArgumentException>(() => Factorization.Run(WithEntry(GoodV(), 0, 7, double.PositiveInfinity), "mu", "random", Rank2, Blas), "V[0, 7]", "infinite");

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void Zeros_in_V_are_rejected_when_beta_is_at_most_0(double beta)
    {
        var v = WithEntry(GoodV(), 1, 2, 0.0);
        Fails<ArgumentException>(() => Factorization.Run(v, "mu", "random", Rank2 with { Beta = beta }, Blas), "zero", "(1, 2)", "Beta");
    }

    [Fact]
    public void Zeros_in_V_are_fine_for_beta_above_0()
    {
        var v = WithEntry(GoodV(), 1, 2, 0.0);
        var result = Factorization.Run(v, "mu", "random", Rank2 with { Beta = 0.5 }, Blas);
        Assert.True(double.IsFinite(result.Loss));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Rank_must_be_positive(int rank) =>
        Fails<ArgumentOutOfRangeException>(() => Factorization.Run(GoodV(), "mu", "random", Rank2 with { Rank = rank }, Blas), "Rank");

    [Theory]
    [InlineData("nndsvd")]
    [InlineData("nndsvda")]
    [InlineData("nndsvdar")]
    public void Svd_initialisations_need_rank_at_most_min_of_the_shape(string initialisation) =>
        Fails<ArgumentOutOfRangeException>(
            () => Factorization.Run(GoodV(), "mu", initialisation, Rank2 with { Rank = 7 }, Blas), initialisation, "min(F, T) = 6");

    [Fact]
    public void Random_initialisation_accepts_rank_above_min_of_the_shape()
    {
        var result = Factorization.Run(GoodV(), "mu", "random", Rank2 with { Rank = 7 }, Blas);
        Assert.Equal(7, result.W.ColumnCount);
    }

    [Fact]
    public void MaxIterations_below_1_is_rejected() =>
        Fails<ArgumentOutOfRangeException>(() => Factorization.Run(GoodV(), "mu", "random", Rank2 with { MaxIterations = 0 }, Blas), "MaxIterations");

    [Theory]
    [InlineData(-1e-4)]
    [InlineData(double.NaN)]
    public void Negative_or_NaN_tolerance_is_rejected(double tolerance) =>
        Fails<ArgumentOutOfRangeException>(() => Factorization.Run(GoodV(), "mu", "random", Rank2 with { Tolerance = tolerance }, Blas), "Tolerance");

    [Fact]
    public void Negative_penalty_is_rejected() =>
        Fails<ArgumentOutOfRangeException>(() => Factorization.Run(GoodV(), "mu", "random", Rank2 with { AlphaW = -1 }, Blas), "AlphaW");

    [Fact]
    public void L1Ratio_outside_0_1_is_rejected() =>
        Fails<ArgumentOutOfRangeException>(() => Factorization.Run(GoodV(), "mu", "random", Rank2 with { L1Ratio = 1.5 }, Blas), "L1Ratio");

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void FixedTemplates_out_of_range_are_rejected(int column) =>
        Fails<ArgumentOutOfRangeException>(
            () => Factorization.Run(GoodV(), "mu", "random", Rank2 with { FixedTemplates = [0, column] }, Blas), "FixedTemplates", $"{column}");

    [Fact]
    public void Custom_W0_of_the_wrong_shape_is_rejected()
    {
        var request = new InitialisationRequest { Rank = 2, W0 = TestData.Uniform(6, 3, 2), H0 = TestData.Uniform(2, 8, 3) };
        Fails<ArgumentException>(() => Factorization.Run(GoodV(), "mu", "custom", Rank2, Blas, request), "W0", "6×3", "6×2");
    }

    [Fact]
    public void Custom_H0_of_the_wrong_shape_is_rejected()
    {
        var request = new InitialisationRequest { Rank = 2, W0 = TestData.Uniform(6, 2, 2), H0 = TestData.Uniform(2, 9, 3) };
        Fails<ArgumentException>(() => Factorization.Run(GoodV(), "mu", "custom", Rank2, Blas, request), "H0", "2×9", "2×8");
    }

    [Fact]
    public void Custom_without_W0_is_rejected() =>
        Fails<ArgumentException>(() => Factorization.Run(GoodV(), "mu", "custom", Rank2, Blas), "custom", "W0");

    [Fact]
    public void Negative_entry_in_a_custom_H0_is_named()
    {
        var h0 = TestData.Uniform(2, 8, 3);
        h0[1, 5] = -2;
        var request = new InitialisationRequest { Rank = 2, W0 = TestData.Uniform(6, 2, 2), H0 = h0 };
        Fails<ArgumentException>(() => Factorization.Run(GoodV(), "mu", "custom", Rank2, Blas, request), "H0[1, 5]", "-2");
    }

    [Fact]
    public void Starting_factors_of_the_wrong_shape_are_rejected_by_the_solver_itself()
    {
        var v = GoodV();
        Fails<ArgumentException>(
            () => new MultiplicativeUpdate().Run(v, TestData.Uniform(5, 2, 1), TestData.Uniform(2, 8, 1), Rank2, Blas), "W0", "5×2");
    }

    [Fact]
    public void Unknown_algorithm_and_initialisation_names_list_the_known_ones()
    {
        Fails<ArgumentException>(() => Factorization.Run(GoodV(), "sgd", "random", Rank2, Blas), "sgd", "mu");
        Fails<ArgumentException>(() => Factorization.Run(GoodV(), "mu", "svd", Rank2, Blas), "svd", "nndsvda");
    }

    [Fact]
    public void Harmonic_needs_rank_88()
    {
        var request = new InitialisationRequest { Rank = 2, RowFrequencies = Enumerable.Range(0, 6).Select(i => 100.0 * i).ToArray() };
        Fails<ArgumentOutOfRangeException>(() => Factorization.Run(GoodV(), "mu", "harmonic", Rank2, Blas, request), "harmonic", "88", "2");
    }

    [Fact]
    public void Harmonic_needs_row_frequencies()
    {
        var v = TestData.Uniform(100, 5, 1);
        Fails<ArgumentException>(() => Factorization.Run(v, "mu", "harmonic", Rank2 with { Rank = 88 }, Blas), "RowFrequencies");
        var wrongCount = new InitialisationRequest { Rank = 88, RowFrequencies = new double[99] };
        Fails<ArgumentException>(() => Factorization.Run(v, "mu", "harmonic", Rank2 with { Rank = 88 }, Blas, wrongCount), "99", "100 rows");
    }

    private static Matrix<double> WithEntry(Matrix<double> v, int row, int column, double value)
    {
        v[row, column] = value;
        return v;
    }
}
