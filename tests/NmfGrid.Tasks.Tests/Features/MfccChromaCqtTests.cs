using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Tests.Audio;

namespace NmfGrid.Tasks.Tests.Features;

public sealed class MfccChromaCqtTests
{
    [Fact]
    public void Dct_matrix_is_orthonormal_as_scipy_norm_ortho()
    {
        var dct = Mfcc.DctMatrix(16, 16);

        var identity = dct * dct.Transpose();
        Assert.True((identity - Matrix<double>.Build.DenseIdentity(16)).InfinityNorm() < 1e-12);
        Assert.Equal(Math.Sqrt(1 / 16.0), dct[0, 3], 1e-15);
        Assert.Equal(Math.Sqrt(2 / 16.0) * Math.Cos(Math.PI * 2 * 7 / 32), dct[2, 3], 1e-15);
    }

    [Fact]
    public void Mfcc_of_a_flat_log_mel_has_only_the_zeroth_coefficient()
    {
        var logMel = Matrix<double>.Build.Dense(40, 3, -20.0);

        var mfcc = Mfcc.FromLogMel(logMel, 13);

        Assert.Equal(13, mfcc.RowCount);
        Assert.Equal(-20 * Math.Sqrt(40), mfcc[0, 1], 1e-9);
        for (int k = 1; k < 13; k++)
            Assert.Equal(0, mfcc[k, 1], 1e-9);
    }

    [Fact]
    public void Mfcc_of_a_cosine_shaped_log_mel_has_its_energy_in_that_coefficient()
    {
        var logMel = Matrix<double>.Build.Dense(32, 1, (m, _) => Math.Cos(Math.PI * 5 * (2 * m + 1) / 64.0));

        var mfcc = Mfcc.FromLogMel(logMel, 20);

        Assert.Equal(5, mfcc.Column(0).AbsoluteMaximumIndex());
        Assert.Equal(Math.Sqrt(16), mfcc[5, 0], 1e-9);
    }

    [Fact]
    public void Mfcc_from_audio_has_n_mfcc_rows_and_the_stft_frame_count()
    {
        var mfcc = Mfcc.Compute(Signals.Noise(22050, 4), 22050);

        Assert.Equal(20, mfcc.RowCount);
        Assert.Equal(1 + 22050 / 512, mfcc.ColumnCount);
    }

    [Theory]
    [InlineData(440.0, 9)]       // A4
    [InlineData(261.6256, 0)]    // C4
    [InlineData(523.2511, 0)]    // C5
    [InlineData(392.0, 7)]       // G4
    [InlineData(466.1638, 10)]   // A#4
    public void Chroma_of_a_tone_peaks_at_its_pitch_class_and_is_max_normalised(double frequency, int pitchClass)
    {
        var chroma = Chroma.Compute(Signals.SineDouble(frequency, 22050, 22050), 22050, nFft: 4096);

        Assert.Equal(12, chroma.RowCount);
        var column = chroma.Column(10);
        Assert.Equal(pitchClass, column.MaximumIndex());
        Assert.Equal(1.0, column.Maximum(), 1e-12);
    }

    [Fact]
    public void Chroma_of_silence_stays_zero()
    {
        var chroma = Chroma.Compute(new double[8000], 22050);

        Assert.All(chroma.Enumerate(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Chroma_filterbank_columns_are_l2_normalised_before_the_octave_weighting()
    {
        var plain = ChromaFilterbank.Create(22050, 2048, octaveWidth: null);

        for (int k = 1; k < plain.ColumnCount; k++)
            Assert.Equal(1.0, plain.Column(k).L2Norm(), 1e-12);
    }

    [Theory]
    [InlineData(22050, 0)]
    [InlineData(22050, 45)]
    [InlineData(44100, 60)]
    [InlineData(44100, 83)]
    public void Cqt_of_a_sine_at_a_bin_centre_peaks_there_with_magnitude_sqrt_length_over_two(int sr, int bin)
    {
        double frequency = ConstantQ.DefaultFMin * Math.Pow(2, bin / 12.0);
        if (frequency * 1.03 > sr / 2.0)
            return;
        var y = Signals.SineDouble(frequency, sr, sr, amplitude: 1.0);

        var cqt = ConstantQ.Magnitude(y, sr, hop: 4096, nBins: sr == 22050 ? 72 : 84);

        var column = cqt.Column(cqt.ColumnCount / 2);
        Assert.Equal(bin, column.MaximumIndex());
        double alpha = (Math.Pow(2, 2 / 12.0) - 1) / (Math.Pow(2, 2 / 12.0) + 1);
        double length = sr / (alpha * frequency);
        Assert.Equal(Math.Sqrt(length) / 2, column[bin], Math.Sqrt(length) / 2 * 0.01);
    }

    [Fact]
    public void Cqt_equals_the_direct_time_domain_filter_response()
    {
        const int sr = 8000, hop = 256, binsPerOctave = 12;
        var y = Signals.Noise(6000, 21);
        double fmin = 100;

        var cqt = ConstantQ.Magnitude(y, sr, hop, fmin, nBins: 36, binsPerOctave: binsPerOctave);

        double alpha = (Math.Pow(2, 2.0 / binsPerOctave) - 1) / (Math.Pow(2, 2.0 / binsPerOctave) + 1);
        foreach (var (b, t) in new[] { (0, 10), (5, 3), (17, 11), (35, 20), (35, 0) })
        {
            double f = fmin * Math.Pow(2, (double)b / binsPerOctave);
            double length = sr / (alpha * f);
            int first = (int)Math.Floor(-length / 2), count = (int)Math.Floor(length / 2) - first;
            double re = 0, im = 0, l1 = 0;
            for (int i = 0; i < count; i++)
            {
                double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / count);
                int n = first + i, index = t * hop + n;
                double x = index >= 0 && index < y.Length ? y[index] : 0;
                re += x * w * Math.Cos(2 * Math.PI * f * n / sr);
                im -= x * w * Math.Sin(2 * Math.PI * f * n / sr);
                l1 += w;
            }
            double expected = Math.Sqrt(length) * Math.Sqrt(re * re + im * im) / l1;
            Assert.Equal(expected, cqt[b, t], expected * 2e-3 + 1e-9);
        }
    }

    [Fact]
    public void Cqt_rejects_bins_above_nyquist_and_non_positive_fmin()
    {
        Assert.Throws<ArgumentException>(() => ConstantQ.Magnitude(new double[5000], 8000, nBins: 84));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConstantQ.Magnitude(new double[5000], 44100, fmin: 0));
    }
}
