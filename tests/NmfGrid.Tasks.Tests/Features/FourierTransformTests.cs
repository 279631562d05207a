using System.Numerics;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Tests.Features;

/// <summary>The FFTs behind the STFT against the DFT summed directly, X[k] = Σ x[n]·e^{−2πikn/N}.</summary>
public sealed class FourierTransformTests
{
    private static Complex[] Dft(IReadOnlyList<Complex> x)
    {
        var n = x.Count;
        var result = new Complex[n];
        for (var k = 0; k < n; k++)
        {
            var sum = Complex.Zero;
            for (var j = 0; j < n; j++)
            {
                var angle = -2.0 * Math.PI * ((long)k * j % n) / n;
                sum += x[j] * new Complex(Math.Cos(angle), Math.Sin(angle));
            }

            result[k] = sum;
        }

        return result;
    }

    private static double RelativeError(IReadOnlyList<Complex> actual, IReadOnlyList<Complex> expected)
    {
        double diff = 0, norm = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            diff += (actual[i] - expected[i]).Magnitude * (actual[i] - expected[i]).Magnitude;
            norm += expected[i].Magnitude * expected[i].Magnitude;
        }

        return Math.Sqrt(diff / norm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(49)]
    [InlineData(62)]     // 2·31, the largest factor handled
    [InlineData(441)]
    [InlineData(1764)]   // half of the seed's MAPS window: 4·3²·7²
    public void Mixed_radix_fft_is_the_dft(int size)
    {
        var random = new Random(size);
        var x = Enumerable.Range(0, size).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var output = new Complex[size];

        new MixedRadixFft(size).Forward(x, output);

        Assert.InRange(RelativeError(output, Dft(x)), 0, 1e-13);
    }

    // The lane-parallel transform must not change a single bit: the features (and so every result) stay the same.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]      // the radix-7 butterfly alone
    [InlineData(12)]
    [InlineData(49)]
    [InlineData(62)]
    [InlineData(441)]
    [InlineData(1764)]
    public void Mixed_radix_fft_over_lanes_is_the_scalar_transform_bit_for_bit(int size)
    {
        var lanes = System.Numerics.Vector<double>.Count;
        var random = new Random(size + 7);
        var signals = Enumerable.Range(0, lanes)
            .Select(_ => Enumerable.Range(0, size).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray())
            .ToArray();
        var inRe = new System.Numerics.Vector<double>[size];
        var inIm = new System.Numerics.Vector<double>[size];
        for (var n = 0; n < size; n++)
        {
            inRe[n] = new System.Numerics.Vector<double>(signals.Select(x => x[n].Real).ToArray());
            inIm[n] = new System.Numerics.Vector<double>(signals.Select(x => x[n].Imaginary).ToArray());
        }
        var re = new System.Numerics.Vector<double>[size];
        var im = new System.Numerics.Vector<double>[size];

        new MixedRadixFftLanes(size).Forward(inRe, inIm, re, im);

        var scalar = new MixedRadixFft(size);
        var expected = new Complex[size];
        for (var l = 0; l < lanes; l++)
        {
            scalar.Forward(signals[l], expected);
            for (var k = 0; k < size; k++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k].Real), BitConverter.DoubleToInt64Bits(re[k][l]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k].Imaginary), BitConverter.DoubleToInt64Bits(im[k][l]));
            }
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(98)]
    [InlineData(3528)]   // the seed's MAPS window
    public void Real_fft_over_lanes_gives_each_frame_forward_bit_for_bit(int size)
    {
        var fft = new RealFourierTransform(size);
        Assert.Equal(System.Numerics.Vector.IsHardwareAccelerated ? System.Numerics.Vector<double>.Count : 1, fft.Lanes);
        if (fft.Lanes == 1)
            return;
        var random = new Random(size);
        var frames = Enumerable.Range(0, fft.Lanes * size).Select(_ => random.NextDouble() - 0.5).ToArray();
        var re = new double[fft.Lanes * fft.Bins];
        var im = new double[fft.Lanes * fft.Bins];

        fft.ForwardLanes(frames, re, im);

        double[] oneRe = new double[fft.Bins], oneIm = new double[fft.Bins];
        for (var l = 0; l < fft.Lanes; l++)
        {
            fft.Forward(frames.AsSpan(l * size, size), oneRe, oneIm);
            // Bits, not values: a zero of the other sign would pass an equality but is another number.
            Assert.Equal(Bits(oneRe), Bits(re.AsSpan(l * fft.Bins, fft.Bins).ToArray()));
            Assert.Equal(Bits(oneIm), Bits(im.AsSpan(l * fft.Bins, fft.Bins).ToArray()));
        }
    }

    // The STFT's path: overlapping frames of one signal, windowed as they go into the lanes, each frame's Forward of
    // its windowed samples bit for bit (the products are the scalar ones).
    [Theory]
    [InlineData(98, 30)]
    [InlineData(3528, 882)]
    public void Real_fft_over_lanes_of_windowed_frames_of_a_signal_is_forward_of_each_windowed_frame_bit_for_bit(int size, int hop)
    {
        var fft = new RealFourierTransform(size);
        if (fft.Lanes == 1)
            return;
        var random = new Random(size + 2);
        var signal = Enumerable.Range(0, size + 5 * hop).Select(_ => random.NextDouble() - 0.5).ToArray();
        var window = Window.Hann(size);
        var starts = Enumerable.Range(0, fft.Lanes).Select(l => 5 * hop - l * hop).ToArray(); // out of order on purpose
        var re = new double[fft.Lanes * fft.Bins];
        var im = new double[fft.Lanes * fft.Bins];

        fft.ForwardLanes(signal, starts, window, re, im);

        double[] oneRe = new double[fft.Bins], oneIm = new double[fft.Bins];
        for (var l = 0; l < fft.Lanes; l++)
        {
            var frame = Enumerable.Range(0, size).Select(n => signal[starts[l] + n] * window[n]).ToArray();
            fft.Forward(frame, oneRe, oneIm);
            Assert.Equal(Bits(oneRe), Bits(re.AsSpan(l * fft.Bins, fft.Bins).ToArray()));
            Assert.Equal(Bits(oneIm), Bits(im.AsSpan(l * fft.Bins, fft.Bins).ToArray()));
        }
        starts[0] = signal.Length - size + 1;
        Assert.Throws<ArgumentOutOfRangeException>(() => fft.ForwardLanes(signal, starts, window, re, im));
    }

    // Transcription's bins up to max_frequency: the lanes' first bins only, each frame's Forward bit for bit, and too many refused.
    [Theory]
    [InlineData(98, 1)]
    [InlineData(3528, 401)]
    public void Real_fft_over_lanes_gives_the_first_bins_alone_bit_for_bit(int size, int bins)
    {
        var fft = new RealFourierTransform(size);
        if (fft.Lanes == 1)
            return;
        var random = new Random(size + 1);
        var frames = Enumerable.Range(0, fft.Lanes * size).Select(_ => random.NextDouble() - 0.5).ToArray();
        var re = new double[fft.Lanes * bins];
        var im = new double[fft.Lanes * bins];

        fft.ForwardLanes(frames, re, im);

        double[] oneRe = new double[fft.Bins], oneIm = new double[fft.Bins];
        for (var l = 0; l < fft.Lanes; l++)
        {
            fft.Forward(frames.AsSpan(l * size, size), oneRe, oneIm);
            Assert.Equal(Bits(oneRe[..bins]), Bits(re.AsSpan(l * bins, bins).ToArray()));
            Assert.Equal(Bits(oneIm[..bins]), Bits(im.AsSpan(l * bins, bins).ToArray()));
        }
        var tooMany = new double[fft.Lanes * (fft.Bins + 1)];
        Assert.Throws<ArgumentException>(() => fft.ForwardLanes(frames, tooMany, tooMany));
    }

    private static long[] Bits(double[] values) => Array.ConvertAll(values, BitConverter.DoubleToInt64Bits);

    [Fact]
    public void Mixed_radix_fft_refuses_a_large_prime_factor()
    {
        Assert.False(MixedRadixFft.Supports(2 * 37));
        Assert.True(MixedRadixFft.Supports(3528));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixedRadixFft(37));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]      // the fused first two stages alone
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]     // stages of every width, scalar and vector
    [InlineData(1024)]   // half of the 2048-point frame
    [InlineData(4096)]
    public void Power_of_two_fft_is_the_dft(int size)
    {
        var random = new Random(size);
        var x = Enumerable.Range(0, size).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var interleaved = x.SelectMany(c => new[] { c.Real, c.Imaginary }).ToArray();
        var re = new double[size];
        var im = new double[size];

        new PowerOfTwoFft(size).Forward(interleaved, re, im);

        Assert.InRange(RelativeError(re.Zip(im, (a, b) => new Complex(a, b)).ToArray(), Dft(x)), 0, 1e-14);
    }

    [Fact]
    public void Power_of_two_fft_refuses_other_sizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PowerOfTwoFft(12));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PowerOfTwoFft(0));
    }

    [Theory]
    [InlineData(2)]      // NWaves
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(256)]
    [InlineData(512)]
    [InlineData(4096)]
    public void Real_fft_of_a_power_of_two_agrees_with_nwaves(int size)
    {
        var random = new Random(size + 1);
        var frame = Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5).ToArray();
        var fft = new RealFourierTransform(size);
        var nwaves = new NWaves.Transforms.RealFft64(size);
        double[] re = new double[fft.Bins], im = new double[fft.Bins], re2 = new double[fft.Bins], im2 = new double[fft.Bins];

        fft.Forward(frame, re, im);
        nwaves.Direct(frame, re2, im2);
        var back = new double[size];
        var back2 = new double[size];
        fft.Inverse(re, im, back);
        nwaves.InverseNorm(re, im, back2);

        Assert.InRange(RelativeError(re.Zip(im, (a, b) => new Complex(a, b)).ToArray(), re2.Zip(im2, (a, b) => new Complex(a, b)).ToArray()), 0, 1e-14);
        Assert.InRange(back.Zip(back2, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-13);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(30)]
    [InlineData(3528)]   // the seed's MAPS window: the half-size mixed-radix path
    [InlineData(2048)]   // half-size power-of-two path
    [InlineData(8192)]
    [InlineData(4)]
    [InlineData(74)]     // 2·37: Bluestein
    [InlineData(15)]     // odd: Bluestein
    public void Real_fft_is_the_dft_and_its_inverse_gives_the_frame_back(int size)
    {
        var random = new Random(size);
        var frame = Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5).ToArray();
        var fft = new RealFourierTransform(size);
        var re = new double[fft.Bins];
        var im = new double[fft.Bins];

        fft.Forward(frame, re, im);
        var expected = Dft(frame.Select(v => new Complex(v, 0)).ToArray()).Take(fft.Bins).ToArray();
        var back = new double[size];
        fft.Inverse(re, im, back);

        Assert.InRange(RelativeError(re.Zip(im, (a, b) => new Complex(a, b)).ToArray(), expected), 0, 1e-13);
        Assert.InRange(frame.Zip(back, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-13);
    }
}
