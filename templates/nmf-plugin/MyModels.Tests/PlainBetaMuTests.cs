using MathNet.Numerics.LinearAlgebra;
using MyModels;
using NmfGrid.Compute;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace MyModels.Tests;

/// <summary>The plugin's algorithm run the way nmfgrid runs it: validated, initialised (NNDSVDa), then solved.</summary>
public sealed class PlainBetaMuTests
{
    private static Matrix<double> Spectrogram()
    {
        var random = new Random(7);
        return Matrix<double>.Build.Dense(40, 60, (_, _) => random.NextDouble() + 0.01);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void It_never_increases_the_divergence_and_matches_the_built_in_mu_from_the_same_start(double beta)
    {
        var options = new NmfOptions { Rank = 5, Beta = beta, MaxIterations = 50, Tolerance = 0 };

        var mine = Factorization.Run(Spectrogram(), new PlainBetaMu(), "nndsvda", options, new ManagedBlas());
        var builtIn = Factorization.Run(Spectrogram(), "mu", "nndsvda", options, new ManagedBlas());

        Assert.Equal(50, mine.Iterations);
        for (var i = 1; i < mine.LossHistory.Count; i++)
            Assert.True(mine.LossHistory[i].Loss <= mine.LossHistory[i - 1].Loss * (1 + 1e-12), $"D_β rose at iteration {i}");
        Assert.True((mine.W - builtIn.W).FrobeniusNorm() <= 1e-9 * builtIn.W.FrobeniusNorm(), "W differs from the built-in mu's");
        Assert.True((mine.H - builtIn.H).FrobeniusNorm() <= 1e-9 * builtIn.H.FrobeniusNorm(), "H differs from the built-in mu's");
    }
}
