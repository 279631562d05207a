using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

/// <summary>
/// The seed's reconstruction frame by frame against the way it was built before, bit for bit: the F×T partial
/// products (MathNet's multiply), the mixture phase factor, the phased spectra and <see cref="Stft.Inverse"/> of each.
/// </summary>
public class MixturePhaseSourcesTests
{
    private static double[][] ByMatrices(Matrix<double> w, Matrix<double> h, int[] labels, int sources, Matrix<Complex> spectrum, int hop, int? length)
    {
        var partials = SourceMasks.PartialProducts(w, h, labels, sources);
        var phase = spectrum.Map(c => c == Complex.Zero ? Complex.One : c / c.Magnitude, MathNet.Numerics.LinearAlgebra.Zeros.Include);
        return partials.Select(p => Stft.Inverse(SourceMasks.WithPhase(p, phase), hop, length)).ToArray();
    }

    [Theory]
    [InlineData(129, 300, 64, null)]
    [InlineData(129, 300, 64, 20000)]
    [InlineData(1025, 140, 512, null)]
    public void Invert_gives_the_signals_of_the_partial_products_with_the_mixture_phase_bit_for_bit(int bins, int frames, int hop, int? length)
    {
        var random = new Random(7);
        int rank = 10;
        // KL-NMF factors span decades; a silent component and a source without components (3 of 5) are kept in.
        var w = Matrix<double>.Build.Dense(bins, rank, (_, _) => Math.Exp(8 * random.NextDouble() - 4));
        var h = Matrix<double>.Build.Dense(rank, frames, (_, _) => Math.Exp(8 * random.NextDouble() - 4));
        w.SetColumn(4, new double[bins]);
        int[] labels = [0, 2, 1, 0, 4, 2, 0, 1, 4, 2];
        var spectrum = Matrix<Complex>.Build.Dense(bins, frames, (_, _) => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5));
        spectrum[0, 0] = Complex.Zero;
        spectrum[bins - 1, frames - 1] = Complex.Zero;
        // Where the SIMD phase factor could round apart from Complex's operators: a negative zero, subnormals, extremes.
        spectrum[1, 1] = new Complex(-0.0, 0.0);
        spectrum[2, 2] = new Complex(1e-310, -3e-320);
        spectrum[5, 3] = new Complex(1e300, -1e300);
        spectrum[6, 3] = new Complex(-2.5e-308, 7e-300);

        var expected = ByMatrices(w, h, labels, 5, spectrum, hop, length);
        var signals = MixturePhaseSources.Invert(w, h, labels, 5, spectrum, hop, length);

        Assert.Equal(expected.Length, signals.Length);
        for (int s = 0; s < expected.Length; s++)
        {
            Assert.Equal(expected[s].Length, signals[s].Length);
            for (int i = 0; i < expected[s].Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[s][i]) == BitConverter.DoubleToInt64Bits(signals[s][i]),
                    $"source {s}, sample {i}: {expected[s][i]:R} expected, {signals[s][i]:R} given");
        }
        Assert.All(signals[3], x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void Invert_names_a_label_count_that_is_not_the_rank()
    {
        var w = Matrix<double>.Build.Dense(5, 3, 1.0);
        var h = Matrix<double>.Build.Dense(3, 4, 1.0);
        var error = Assert.Throws<ArgumentException>(() =>
            MixturePhaseSources.Invert(w, h, [0, 1], 2, Matrix<Complex>.Build.Dense(5, 4, Complex.One), 4, null));
        Assert.Contains("2 component labels for 3 templates", error.Message);
    }
}
