using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Tests.Features;

/// <summary>The frame-by-frame inverse of several spectra against <see cref="Stft.Inverse"/> of each, bit for bit.</summary>
public class InverseStftTests
{
    private static Matrix<Complex> Spectrum(int bins, int frames, int seed)
    {
        var random = new Random(seed);
        var m = Matrix<Complex>.Build.Dense(bins, frames, (_, _) => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5));
        m[3, frames / 2] = Complex.Zero;
        return m;
    }

    // 300 frames span three of InverseStft's 128-frame blocks; hops that divide n_fft and not, one longer than a frame
    // (samples no window covers), the lengths the seed (null), the full length (longer) and a cut take.
    [Theory]
    [InlineData(33, 300, 16, null, true)]
    [InlineData(33, 300, 24, null, true)]
    [InlineData(33, 300, 16, 5000, true)]
    [InlineData(33, 300, 16, 1234, true)]
    [InlineData(33, 300, 16, null, false)]
    [InlineData(33, 300, 80, null, true)]
    [InlineData(33, 1, 16, null, true)]
    [InlineData(33, 2, 16, 100, true)]
    [InlineData(1025, 140, 512, null, true)]
    public void Many_gives_each_source_the_numbers_of_Stft_Inverse_bit_for_bit(int bins, int frames, int hop, int? length, bool center)
    {
        var spectra = new[] { Spectrum(bins, frames, 1), Spectrum(bins, frames, 2) };
        var data = spectra.Select(s => s.ToColumnMajorArray()).ToArray();
        var signals = InverseStft.Many(bins, frames, spectra.Length, (t, re, im) =>
        {
            for (int s = 0; s < data.Length; s++)
            for (int f = 0; f < bins; f++)
            {
                re[s][f] = data[s][t * bins + f].Real;
                im[s][f] = data[s][t * bins + f].Imaginary;
            }
        }, hop, length, center);
        for (int s = 0; s < spectra.Length; s++)
        {
            var expected = Stft.Inverse(spectra[s], hop, length, center);
            Assert.Equal(expected.Length, signals[s].Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(signals[s][i]),
                    $"source {s}, sample {i}: {expected[i]:R} expected, {signals[s][i]:R} given");
        }
    }

    [Fact]
    public void Many_of_no_frames_gives_the_requested_length_of_zeros()
    {
        var signals = InverseStft.Many(33, 0, 2, (_, _, _) => throw new InvalidOperationException("no frame to fill"), 16, 40);
        Assert.All(signals, s => Assert.Equal(new double[40], s));
    }
}
