using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Structure;

namespace NmfGrid.Tasks.Tests.Tasks.Structure;

public class AutosimilarityTests
{
    // The check matrix of the reference brief (mir-tasks §4.3).
    private static readonly Matrix<double> X = Matrix<double>.Build.DenseOfArray(new double[,]
    {
        { 1, 0, 0 }, { 1, 0.1, 0 }, { 0, 1, 0 }, { 0, 1, 0.1 },
    });

    [Fact]
    public void Cosine_matches_the_reference_check_values()
    {
        var a = Autosimilarity.Compute(X, SimilarityKind.Cosine);
        Assert.Equal(0.9950, a[0, 1], 4);
        Assert.Equal(0.0995, a[1, 2], 4);
        Assert.Equal(1.0, a[3, 3], 12);
        Assert.Equal(a[1, 2], a[2, 1], 15);
    }

    [Fact]
    public void Covariance_matches_the_reference_check_value()
    {
        var a = Autosimilarity.Compute(X, SimilarityKind.Covariance);
        Assert.Equal(-0.9963, a[0, 2], 4);
    }

    [Fact]
    public void Rbf_gamma_and_values_match_the_reference_check_values()
    {
        var a = Autosimilarity.Compute(X, SimilarityKind.Rbf);
        Assert.Equal(0.9918, a[0, 1], 4);
        Assert.Equal(0.1907, a[0, 2], 4);
        Assert.Equal(1.0, a[2, 2], 12);
        var xn = Autosimilarity.NormaliseRows(X);
        var squared = Matrix<double>.Build.Dense(4, 4, (i, j) => (xn.Row(i) - xn.Row(j)).DotProduct(xn.Row(i) - xn.Row(j)));
        Assert.Equal(0.82858, Autosimilarity.Gamma(squared), 5);
    }

    [Fact]
    public void Normalised_rows_are_Math_NET_row_over_its_L2_norm_to_the_bit()
    {
        // What NormaliseRows computed through Math.NET's vectors before it worked on the array; a zero row and
        // entries over many magnitudes (a structure track's W: bars × components) included.
        var random = new Random(11);
        var x = Matrix<double>.Build.Dense(45, 10, (_, _) => random.NextDouble() * Math.Pow(10, random.Next(-12, 6)));
        x.SetRow(7, Vector<double>.Build.Dense(10));
        var expected = x.Clone();
        for (var i = 0; i < x.RowCount; i++)
        {
            var norm = x.Row(i).L2Norm();
            expected.SetRow(i, norm == 0 ? Vector<double>.Build.Dense(x.ColumnCount, Autosimilarity.ZeroRowValue) : x.Row(i) / norm);
        }

        var normalised = Autosimilarity.NormaliseRows(x);

        Assert.Equal(expected.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits), normalised.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(25, 10)]   // a seed-preset song's W: bars × components
    [InlineData(300, 10)]
    [InlineData(64, 33)]
    [InlineData(20, 7680)] // barwise V as the bar features (the Foote and barwise presets)
    public void Gram_is_Math_NET_x_times_x_transposed_to_the_bit(int rows, int columns)
    {
        var random = new Random(rows * 31 + columns);
        var x = Matrix<double>.Build.Dense(rows, columns, (_, _) => random.Next(8) == 0 ? 0 : random.NextDouble() * Math.Pow(10, random.Next(-6, 4)));

        var expected = x * x.Transpose();
        var gram = Autosimilarity.Gram(x);

        Assert.Equal(expected.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits), gram.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Gram_of_a_hand_computed_matrix()
    {
        var gram = Autosimilarity.Gram(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 }, { 0, 5 } }));
        Assert.Equal(new double[,] { { 5, 11, 10 }, { 11, 25, 20 }, { 10, 20, 25 } }, gram.ToArray());
    }

    [Fact]
    public void Cosine_of_a_hand_computed_pair_is_one_over_root_two()
    {
        var a = Autosimilarity.Compute(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 1, 1 } }), SimilarityKind.Cosine);
        Assert.Equal(1 / Math.Sqrt(2), a[0, 1], 12);
    }

    [Fact]
    public void Covariance_of_two_bars_is_minus_one_off_the_diagonal()
    {
        // Centred: ±(x0 − x1)/2, so the two bars point in opposite directions.
        var a = Autosimilarity.Compute(Matrix<double>.Build.DenseOfArray(new double[,] { { 3, 1 }, { 1, 2 } }), SimilarityKind.Covariance);
        Assert.Equal(-1.0, a[0, 1], 12);
        Assert.Equal(1.0, a[0, 0], 12);
    }

    [Fact]
    public void Rbf_with_given_gamma_is_exp_of_minus_gamma_times_squared_distance()
    {
        // Unit rows (1,0) and (0,1): squared distance 2.
        var a = Autosimilarity.Compute(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, 1 } }), SimilarityKind.Rbf, gamma: 0.5);
        Assert.Equal(Math.Exp(-1), a[0, 1], 12);
    }

    [Fact]
    public void A_zero_bar_becomes_tiny_constant_instead_of_nan()
    {
        var a = Autosimilarity.Compute(Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0 }, { 1, 0 } }), SimilarityKind.Cosine);
        Assert.Equal(1.0, a[0, 1] / 1e-10, 9);
        Assert.Equal(2.0, a[0, 0] / 1e-20, 9);
    }

    [Theory]
    [InlineData("COSINE", SimilarityKind.Cosine)]
    [InlineData("autocorrelation", SimilarityKind.Covariance)]
    [InlineData("rbf", SimilarityKind.Rbf)]
    public void Parse_accepts_the_seed_names_case_insensitively(string name, SimilarityKind expected) =>
        Assert.Equal(expected, Autosimilarity.Parse(name));

    [Fact]
    public void Parse_rejects_an_unknown_name_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => Autosimilarity.Parse("euclid"));
        Assert.Contains("euclid", e.Message);
    }
}
