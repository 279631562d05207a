using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Tests.Audio;

namespace NmfGrid.Tasks.Tests.Features;

public sealed class MelTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(500, 7.5)]
    [InlineData(1000, 15)]
    [InlineData(6400, 42)] // 15 + 27 mels per factor 6.4
    public void Slaney_mel_scale_is_linear_below_1kHz_and_logarithmic_above(double hz, double mel)
    {
        Assert.Equal(mel, MelScale.HzToMel(hz), 1e-12);
        Assert.Equal(hz, MelScale.MelToHz(mel), 1e-9);
    }

    [Fact]
    public void Htk_mel_scale_follows_2595_log10()
    {
        Assert.Equal(2595 * Math.Log10(1 + 1000 / 700.0), MelScale.HzToMel(1000, htk: true), 1e-12);
        Assert.Equal(1000, MelScale.MelToHz(MelScale.HzToMel(1000, true), true), 1e-9);
    }

    [Fact]
    public void Filterbank_has_librosa_shape_and_unit_area_slaney_triangles()
    {
        const int sr = 22050, nFft = 8192;
        var fb = MelFilterbank.Create(sr, nFft, nMels: 40);

        Assert.Equal(40, fb.RowCount);
        Assert.Equal(nFft / 2 + 1, fb.ColumnCount);
        double df = (double)sr / nFft;
        for (int m = 0; m < 40; m++)
        {
            double area = fb.Row(m).Sum() * df; // Riemann sum of a triangle of height 2/(f2−f0), base f2−f0
            Assert.InRange(area, 0.97, 1.03);
        }
    }

    [Fact]
    public void Filterbank_values_follow_the_triangle_formula()
    {
        const int sr = 44100, nFft = 2048;
        var fb = MelFilterbank.Create(sr, nFft, nMels: 80, fmin: 80, fmax: 16000);
        // Mel points from 80 Hz to 16 kHz, 82 of them, equally spaced on the Slaney scale.
        double lo = 80 / (200.0 / 3), hi = 15 + Math.Log(16000 / 1000.0) / (Math.Log(6.4) / 27);
        double Point(int i)
        {
            double mel = lo + (hi - lo) * i / 81;
            return mel < 15 ? mel * 200.0 / 3 : 1000 * Math.Exp(Math.Log(6.4) / 27 * (mel - 15));
        }
        foreach (var (m, k) in new[] { (0, 4), (10, 12), (40, 120), (79, 700), (79, 740) })
        {
            double f = k * (double)sr / nFft;
            double w = Math.Max(0, Math.Min((f - Point(m)) / (Point(m + 1) - Point(m)), (Point(m + 2) - f) / (Point(m + 2) - Point(m + 1))));
            Assert.Equal(w * 2 / (Point(m + 2) - Point(m)), fb[m, k], 1e-12);
        }
        Assert.True(fb[40, 120] > 0);
        Assert.Equal(0.0, fb[0, 0]);
    }

    [Fact]
    public void Overlapping_unnormalised_triangles_sum_to_one_between_the_first_and_last_centres()
    {
        var fb = MelFilterbank.Create(16000, 4096, nMels: 30, slaneyNorm: false);
        var points = MelScale.Frequencies(32, 0, 8000);

        for (int k = 0; k < fb.ColumnCount; k++)
        {
            double f = k * 16000.0 / 4096;
            if (f > points[1] && f < points[30])
                Assert.Equal(1.0, fb.Column(k).Sum(), 1e-9);
        }
    }

    [Fact]
    public void Power_to_db_floors_at_amin_and_top_db_below_the_maximum()
    {
        var power = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 100, 1e-12 }, { 1e-3, 10, 0 } });

        var db = Decibel.PowerToDb(power);
        var noTop = Decibel.PowerToDb(power, topDb: null);

        Assert.Equal(20, db[0, 1], 1e-12);
        Assert.Equal(0, db[0, 0], 1e-12);
        Assert.Equal(-30, db[1, 0], 1e-12);
        Assert.Equal(-60, db[0, 2], 1e-12); // max 20 dB − 80
        Assert.Equal(-100, noTop[0, 2], 1e-12); // amin 1e-10
    }

    [Fact]
    public void Amplitude_to_db_is_twenty_log10()
    {
        var db = Decibel.AmplitudeToDb(Matrix<double>.Build.DenseOfArray(new double[,] { { 10, 0.1, 0 } }));

        Assert.Equal(20, db[0, 0], 1e-12);
        Assert.Equal(-20, db[0, 1], 1e-12);
        Assert.Equal(-60, db[0, 2], 1e-12); // top_db 80 below 20 dB; amin 1e-5 would give −100
    }

    [Fact]
    public void Mel_spectrogram_of_a_sine_peaks_in_the_band_around_its_frequency()
    {
        var y = Signals.SineDouble(1000, 22050, 22050);

        var mel = MelSpectrogram.Compute(y, 22050, nMels: 64);

        var points = MelScale.Frequencies(66, 0, 11025);
        int band = mel.Column(20).MaximumIndex();
        Assert.InRange(1000, points[band], points[band + 2]);
    }
}
