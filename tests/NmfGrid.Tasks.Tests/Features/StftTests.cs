using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Tests.Audio;

namespace NmfGrid.Tasks.Tests.Features;

public sealed class StftTests
{
    [Fact]
    public void Hann_window_is_periodic_as_librosa_get_window()
    {
        var w = Window.Hann(8);

        double[] expected = [0, 0.1464466094067262, 0.5, 0.8535533905932737, 1, 0.8535533905932737, 0.5, 0.1464466094067262];
        for (int i = 0; i < 8; i++)
            Assert.Equal(expected[i], w[i], 1e-15);
    }

    [Theory]
    [InlineData(2048, 512, 44100)]
    [InlineData(3528, 882, 44100)]
    [InlineData(2048, 512, 1000)]
    public void Centred_stft_has_one_plus_length_over_hop_frames(int nFft, int hop, int length)
    {
        var stft = Stft.Forward(Signals.Noise(length, 1), nFft, hop);

        Assert.Equal(nFft / 2 + 1, stft.RowCount);
        Assert.Equal(1 + length / hop, stft.ColumnCount);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(3528)]
    public void A_sine_on_a_bin_frequency_lands_in_that_bin(int nFft)
    {
        const int sr = 44100, bin = 40;
        var y = Signals.SineDouble(bin * (double)sr / nFft, sr, sr / 2, amplitude: 1.0);

        var magnitude = Stft.Magnitude(y, nFft, nFft / 4);

        int frame = magnitude.ColumnCount / 2;
        var column = magnitude.Column(frame);
        Assert.Equal(bin, column.MaximumIndex());
        // A unit sine through a Hann window: |X| = Σw/2 = n_fft/4.
        Assert.Equal(nFft / 4.0, column[bin], nFft * 1e-3);
    }

    [Theory]
    [InlineData(PadMode.Constant)]
    [InlineData(PadMode.Reflect)]
    public void Stft_matches_a_direct_dft_of_the_padded_windowed_frame(PadMode padMode)
    {
        const int nFft = 64, hop = 16;
        var y = Signals.Noise(200, 3);
        var stft = Stft.Forward(y, nFft, hop, padMode);

        double Padded(int i)
        {
            int j = i - nFft / 2;
            if (j >= 0 && j < y.Length) return y[j];
            if (padMode == PadMode.Constant) return 0;
            return j < 0 ? y[-j] : y[2 * (y.Length - 1) - j];
        }
        var w = Window.Hann(nFft);
        foreach (int t in new[] { 0, 1, 5, stft.ColumnCount - 1 })
        {
            for (int k = 0; k <= nFft / 2; k++)
            {
                Complex sum = 0;
                for (int n = 0; n < nFft; n++)
                    sum += w[n] * Padded(t * hop + n) * Complex.FromPolarCoordinates(1, -2 * Math.PI * k * n / nFft);
                Assert.True((stft[k, t] - sum).Magnitude < 1e-12, $"frame {t} bin {k}: {stft[k, t]} vs {sum}");
            }
        }
    }

    // 3528 runs several frames per FFT call (RealFourierTransform.Lanes); 71 frames leave a remainder done one by one.
    [Theory]
    [InlineData(3528, 882)]
    [InlineData(2048, 512)]
    public void The_magnitude_is_each_frame_s_own_fft_bit_for_bit(int nFft, int hop)
    {
        var y = Signals.Noise(70 * hop + 5, 11);
        var magnitude = Stft.Magnitude(y, nFft, hop);
        Assert.Equal(71, magnitude.ColumnCount);

        var (padded, frames) = Stft.Frame(y, nFft, hop, PadMode.Constant, center: true);
        var w = Window.Hann(nFft);
        var fft = new RealFourierTransform(nFft);
        double[] frame = new double[nFft], re = new double[fft.Bins], im = new double[fft.Bins];
        for (int t = 0; t < frames; t++)
        {
            for (int n = 0; n < nFft; n++)
                frame[n] = padded[t * hop + n] * w[n];
            fft.Forward(frame, re, im);
            for (int k = 0; k < fft.Bins; k++)
                Assert.Equal(Math.Sqrt(re[k] * re[k] + im[k] * im[k]), magnitude[k, t]);
        }
    }

    // Transcription keeps the bins up to max_frequency: computed alone, they are Magnitude's first rows bit for bit,
    // through the lane-parallel frames (3528) and the one-by-one ones, and a SIMD tail of odd length (401, 5).
    [Theory]
    [InlineData(3528, 882, 401)]
    [InlineData(3528, 882, 1765)]
    [InlineData(2048, 512, 5)]
    [InlineData(2048, 512, 1)]
    public void The_low_magnitude_is_the_magnitude_s_first_rows_bit_for_bit(int nFft, int hop, int rows)
    {
        var y = Signals.Noise(70 * hop + 5, 13);
        var whole = Stft.Magnitude(y, nFft, hop);

        var low = Stft.LowMagnitude(y, nFft, hop, rows);

        Assert.Equal(rows, low.RowCount);
        Assert.Equal(whole.ColumnCount, low.ColumnCount);
        for (int t = 0; t < whole.ColumnCount; t++)
            for (int k = 0; k < rows; k++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(whole[k, t]), BitConverter.DoubleToInt64Bits(low[k, t]));
    }

    // Transcription's decoded float mix goes into the padded signal without a double copy: the same bits as the double
    // path, with zero and reflect pads, a length that leaves a scalar tail after the SIMD widening.
    [Theory]
    [InlineData(PadMode.Constant)]
    [InlineData(PadMode.Reflect)]
    public void The_low_magnitude_of_float_audio_is_the_double_path_bit_for_bit(PadMode padMode)
    {
        var random = new Random(14);
        var y = Enumerable.Range(0, 40 * 882 + 13).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var asDouble = Array.ConvertAll(y, v => (double)v);

        var fromFloat = Stft.LowMagnitude(y, 3528, 882, 401, padMode: padMode);
        var fromDouble = Stft.LowMagnitude(asDouble, 3528, 882, 401, padMode: padMode);

        Assert.Equal(fromDouble.ColumnCount, fromFloat.ColumnCount);
        Assert.Equal(Array.ConvertAll(fromDouble.ToColumnMajorArray(), BitConverter.DoubleToInt64Bits),
                     Array.ConvertAll(fromFloat.ToColumnMajorArray(), BitConverter.DoubleToInt64Bits));
        var (padded, _) = Stft.Frame(y, 3528, 882, padMode, center: true);
        Assert.Equal(Stft.Frame(asDouble, 3528, 882, padMode, center: true).Padded, padded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1026)]
    public void The_low_magnitude_refuses_rows_outside_the_bins(int rows)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Stft.LowMagnitude(Signals.Noise(4096, 1), 2048, 512, rows));
        Assert.Contains("1025", e.Message);
    }

    // Separation's features: the complex STFT and its magnitudes in one pass, the magnitude of each bin as Complex.Magnitude
    // gives it (double.Hypot), not √(re² + im²): bit for bit, so separation's V is the one it was.
    [Theory]
    [InlineData(2048, 512)]
    [InlineData(3528, 882)]
    public void The_spectrum_with_its_magnitude_is_forward_and_complex_magnitude_bit_for_bit(int nFft, int hop)
    {
        var y = Signals.Noise(70 * hop + 5, 12);
        var forward = Stft.Forward(y, nFft, hop);

        var (spectrum, magnitude) = Stft.ForwardWithMagnitude(y, nFft, hop);

        Assert.Equal(forward, spectrum);
        for (int t = 0; t < forward.ColumnCount; t++)
            for (int k = 0; k < forward.RowCount; k++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(forward[k, t].Magnitude), BitConverter.DoubleToInt64Bits(magnitude[k, t]));
    }

    [Fact]
    public void The_vector_hypot_rounds_as_complex_magnitude_at_every_scale_and_edge()
    {
        var rng = new Random(3);
        var values = new List<double> { 0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-310, double.MaxValue, -double.MaxValue,
                                        double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1.0, 3.0, 4.0 };
        for (int i = 0; i < 4000; i++)
            values.Add((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-320, 309)));
        var re = new double[200_003];
        var im = new double[re.Length];
        for (int i = 0; i < re.Length; i++)
        {
            re[i] = values[rng.Next(values.Count)];
            im[i] = i % 5 == 0 ? re[i] * (rng.NextDouble() - 0.5) : values[rng.Next(values.Count)];
        }
        var output = new double[re.Length];

        Stft.HypotColumn(re, im, output);

        for (int i = 0; i < re.Length; i++)
        {
            double expected = new Complex(re[i], im[i]).Magnitude;
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(output[i]))
                Assert.Fail($"|{re[i]:R} + i·{im[i]:R}|: {output[i]:R}, Complex.Magnitude {expected:R}");
        }
    }

    [Theory]
    [InlineData(2048, 512)]
    [InlineData(3528, 882)]
    [InlineData(1024, 256)]
    public void Stft_then_istft_reconstructs_the_signal(int nFft, int hop)
    {
        var y = Signals.Noise(20000, 7);

        var back = Stft.Inverse(Stft.Forward(y, nFft, hop), hop, length: y.Length);

        Assert.Equal(y.Length, back.Length);
        double err = 0, norm = 0;
        for (int i = 0; i < y.Length; i++)
        {
            err += (back[i] - y[i]) * (back[i] - y[i]);
            norm += y[i] * y[i];
        }
        Assert.True(Math.Sqrt(err / norm) < 1e-10, $"relative error {Math.Sqrt(err / norm):E2}");
    }

    [Fact]
    public void Istft_without_length_returns_hop_times_frames_minus_one_samples_as_the_seed_gets()
    {
        var y = Signals.Noise(10000, 2);
        var stft = Stft.Forward(y, 2048, 512);

        var back = Stft.Inverse(stft, 512);

        Assert.Equal(512 * (stft.ColumnCount - 1), back.Length);
        Assert.Equal(9728, back.Length);
        for (int i = 0; i < back.Length; i++)
            Assert.Equal(y[i], back[i], 1e-10);
    }

    [Fact]
    public void Istft_with_a_longer_length_pads_with_zeros()
    {
        var y = Signals.Noise(3000, 5);

        var back = Stft.Inverse(Stft.Forward(y, 256, 64), 64, length: 4000);

        Assert.Equal(4000, back.Length);
        Assert.Equal(y[2999], back[2999], 1e-10);
        Assert.All(back[3300..], v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Istft_of_no_frames_is_empty_or_silence_of_the_requested_length()
    {
        var empty = MathNet.Numerics.LinearAlgebra.Matrix<Complex>.Build.Dense(1025, 0);

        Assert.Empty(Stft.Inverse(empty, 512));
        Assert.Equal(new double[10], Stft.Inverse(empty, 512, length: 10));
    }

    [Fact]
    public void Reflect_padding_needs_a_signal_longer_than_half_a_frame()
    {
        var e = Assert.Throws<ArgumentException>(() => Stft.Forward(new double[100], 2048, 512, PadMode.Reflect));

        Assert.Contains("1024", e.Message);
    }

    [Fact]
    public void Griffin_lim_recovers_a_signal_with_a_consistent_spectrogram()
    {
        const int nFft = 512, hop = 128, sr = 8000;
        var y = new double[8000];
        for (int i = 0; i < y.Length; i++)
            y[i] = Math.Sin(2 * Math.PI * 440 * i / sr) + 0.5 * Math.Sin(2 * Math.PI * 1250 * i / sr);
        var target = Stft.Magnitude(y, nFft, hop);

        double SpectralError(double[] x)
        {
            var m = Stft.Magnitude(x, nFft, hop);
            return (m - target).FrobeniusNorm() / target.FrobeniusNorm();
        }
        var few = GriffinLim.Reconstruct(target, hop, iterations: 1, init: PhaseInit.Random, seed: 3);
        var many = GriffinLim.Reconstruct(target, hop, iterations: 32, init: PhaseInit.Random, seed: 3);

        Assert.Equal(hop * (target.ColumnCount - 1), many.Length);
        Assert.True(SpectralError(many) < 0.2, $"spectral convergence {SpectralError(many):F3}");
        Assert.True(SpectralError(many) < SpectralError(few));
    }

    [Fact]
    public void Griffin_lim_is_deterministic_for_a_seed_and_depends_on_it()
    {
        var target = Stft.Magnitude(Signals.Noise(4000, 9), 256, 64);

        var a = GriffinLim.Reconstruct(target, 64, iterations: 4, seed: 1);
        var b = GriffinLim.Reconstruct(target, 64, iterations: 4, seed: 1);
        var c = GriffinLim.Reconstruct(target, 64, iterations: 4, seed: 2);
        var zero = GriffinLim.Reconstruct(target, 64, iterations: 4, init: PhaseInit.Zero, length: 4000);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(4000, zero.Length);
    }

    [Fact]
    public void Stft_of_float_audio_equals_the_double_path()
    {
        var y = Array.ConvertAll(Signals.Sine(300, 8000, 3000), v => (double)v);

        Matrix<double> a = Stft.Magnitude(y, 256, 64);
        Matrix<double> b = Stft.Forward(y, 256, 64).Map(c => c.Magnitude);

        Assert.True((a - b).FrobeniusNorm() < 1e-9);
    }
}
