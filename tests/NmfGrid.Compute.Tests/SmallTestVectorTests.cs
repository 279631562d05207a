using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Tests;

/// <summary>The hand-made 4×5 test vectors of nmf-algorithms.md §1.10 (scikit-learn 1.2.1, float64).</summary>
public class SmallTestVectorTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(4, 5, (i, j) => 1 + ((3 * i + 5 * j) % 7) / 2.0);
    private static readonly Matrix<double> W0 = Matrix<double>.Build.Dense(4, 2, (i, c) => 1 + ((i + 2 * c) % 3) * 0.5);
    private static readonly Matrix<double> H0 = Matrix<double>.Build.Dense(2, 5, (r, j) => 1 + ((2 * r + j) % 4) * 0.25);

    [Theory]
    [InlineData(2.0, 42.0625, 8.34837284673, 2.66396670869, 0.5915492958, 1.2360515021, 1.1431243594, 1.4790336781)]
    [InlineData(1.0, 12.7894761802, 3.59672020199, 1.18640305986, 0.5938658864, 1.2342673912, 1.1172351804, 1.4587294130)]
    [InlineData(0.0, 4.26095812272, 2.0155740637, 1.17614906082, 0.7728881736, 1.5711997702, 0.9361526434, 1.2916345269)]
    [InlineData(0.5, 7.28826761199, 2.62820463338, 1.24554000822, 0.7077936300, 1.4495608877, 0.9670650900, 1.3052461646)]
    [InlineData(1.5, 22.9606058847, 5.43840113855, 1.75867377281, 0.5925557667, 1.2349287835, 1.1316926271, 1.4719908066)]
    [InlineData(3.0, 148.657552083, 25.7826242836, 12.8045355927, 0.7684209708, 1.5745809153, 0.9562773988, 1.3053698050)]
    public void MultiplicativeUpdate_reproduces_the_sklearn_test_vectors(
        double beta, double d0, double d1, double d10, double w00, double w01, double h00, double h10)
    {
        var blas = new ManagedBlas();
        Assert.Equal(d0, BetaDivergence.Compute(X, W0, H0, beta, blas), 1e-9 * d0);

        var one = new MultiplicativeUpdate().Run(X, W0, H0, new NmfOptions { Rank = 2, Beta = beta, MaxIterations = 1, Tolerance = 0 }, blas);
        Assert.Equal(d1, one.Loss, 1e-9 * d1);
        Assert.Equal(w00, one.W[0, 0], 1e-9);
        Assert.Equal(w01, one.W[0, 1], 1e-9);
        Assert.Equal(h00, one.H[0, 0], 1e-9);
        Assert.Equal(h10, one.H[1, 0], 1e-9);

        var ten = new MultiplicativeUpdate().Run(X, W0, H0, new NmfOptions { Rank = 2, Beta = beta, MaxIterations = 10, Tolerance = 0 }, blas);
        Assert.Equal(d10, ten.Loss, 1e-9 * d10);
    }

    [Fact]
    public void MultiplicativeUpdate_reproduces_the_penalised_test_vector()
    {
        var options = new NmfOptions { Rank = 2, Beta = 1, MaxIterations = 1, Tolerance = 0, AlphaW = 0.1, AlphaH = 0.1, L1Ratio = 0.5 };
        var result = new MultiplicativeUpdate().Run(X, W0, H0, options, new ManagedBlas());
        Assert.Equal(0.5514468945, result.W[0, 0], 1e-9);
        Assert.Equal(1.1148221598, result.W[0, 1], 1e-9);
        Assert.Equal(1.0794671487, result.H[0, 0], 1e-9);
        Assert.Equal(1.4060526355, result.H[1, 0], 1e-9);
    }

    [Fact]
    public void Nndsvd_reproduces_the_sklearn_test_vector()
    {
        var (w, h) = new NndsvdInitialisation(NndsvdFill.Zeros).Create(X, new InitialisationRequest { Rank = 2 }, new ManagedBlas());
        double[,] expectedW = { { 1.700744788, 0 }, { 1.7420619851, 0.9702049184 }, { 1.8189180996, 0 }, { 1.4117985618, 0.9622141766 } };
        double[,] expectedH =
        {
            { 1.4387068957, 1.3745052909, 1.7632315815, 1.168917525, 1.6716623191 },
            { 0.003895571, 0, 0.9954871186, 0.9360256014, 0 },
        };
        Assert.InRange(SklearnFixture.RelativeError(w, Matrix<double>.Build.DenseOfArray(expectedW)), 0, 1e-8);
        Assert.InRange(SklearnFixture.RelativeError(h, Matrix<double>.Build.DenseOfArray(expectedH)), 0, 1e-8);
    }

    [Fact]
    public void Nndsvda_fills_the_zeros_with_the_mean_of_V()
    {
        var (w, h) = new NndsvdInitialisation(NndsvdFill.Mean).Create(X, new InitialisationRequest { Rank = 2 }, new ManagedBlas());
        Assert.Equal(2.475, w[0, 1], 12);
        Assert.Equal(2.475, h[1, 1], 12);
        Assert.Equal(1.700744788, w[0, 0], 8);
    }
}
