using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

public class SourceMasksTests
{
    private static (Matrix<double> W, Matrix<double> H) Factors()
    {
        var random = new Random(3);
        var w = Matrix<double>.Build.Dense(65, 6, (_, _) => random.NextDouble());
        var h = Matrix<double>.Build.Dense(6, 40, (_, _) => random.NextDouble());
        w.SetColumn(5, new double[65]); // a silent component leaves zeros in one source
        return (w, h);
    }

    [Fact]
    public void PartialProducts_of_all_sources_add_up_to_WH()
    {
        var (w, h) = Factors();
        var partials = SourceMasks.PartialProducts(w, h, [0, 1, 0, 2, 1, 2], 3);
        var sum = partials.Aggregate((a, b) => a + b);
        Assert.True((sum - w * h).FrobeniusNorm() < 1e-10);
    }

    [Fact]
    public void PartialProducts_of_a_cluster_without_components_is_zero()
    {
        var (w, h) = Factors();
        var partials = SourceMasks.PartialProducts(w, h, [0, 0, 0, 1, 1, 1], 3);
        Assert.Equal(0.0, partials[2].FrobeniusNorm());
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Wiener_masks_sum_to_one_and_the_masked_sources_sum_back_to_the_mixture(double power)
    {
        var random = new Random(4);
        var signal = Enumerable.Range(0, 128 * 20).Select(_ => random.NextDouble() - 0.5).ToArray();
        var mixture = Stft.Forward(signal, 128, 32);
        var w = Matrix<double>.Build.Dense(65, 6, (_, _) => random.NextDouble());
        var h = Matrix<double>.Build.Dense(6, mixture.ColumnCount, (_, _) => random.NextDouble());
        w.SetColumn(5, new double[65]);
        var partials = SourceMasks.PartialProducts(w, h, [0, 1, 0, 2, 1, 2], 4); // source 3 empty: 0/0 everywhere there
        var masks = SourceMasks.Wiener(partials, power);
        var ones = masks.Aggregate((a, b) => a + b);
        Assert.All(ones.Enumerate(), v => Assert.Equal(1.0, v, 12));

        var sources = masks.Select(m => SourceMasks.Apply(m, mixture)).ToArray();
        var total = sources.Aggregate((a, b) => a + b);
        Assert.True((total - mixture).FrobeniusNorm() < 1e-9 * mixture.FrobeniusNorm());
        var estimates = sources.Select(x => Stft.Inverse(x, 32, signal.Length)).ToArray();
        for (int n = 0; n < signal.Length; n++) Assert.Equal(signal[n], estimates.Sum(e => e[n]), 1e-9);
    }

    [Fact]
    public void Wiener_rejects_a_non_positive_power()
    {
        var (w, h) = Factors();
        Assert.Throws<ArgumentOutOfRangeException>(() => SourceMasks.Wiener(SourceMasks.PartialProducts(w, h, [0, 0, 0, 1, 1, 1], 2), 0));
    }

    [Fact]
    public void WithPhase_puts_the_magnitude_on_the_mixture_phase()
    {
        var magnitude = Matrix<double>.Build.Dense(1, 1, 2.0);
        var phase = Matrix<Complex>.Build.Dense(1, 1, Complex.FromPolarCoordinates(1, 0.5));
        var result = SourceMasks.WithPhase(magnitude, phase)[0, 0];
        Assert.Equal(2.0, result.Magnitude, 12);
        Assert.Equal(0.5, result.Phase, 12);
    }
}
