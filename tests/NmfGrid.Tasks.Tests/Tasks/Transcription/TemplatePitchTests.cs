using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Tasks.Transcription;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

public class TemplatePitchTests
{
    private static readonly TranscriptionSettings Seed = TranscriptionSettings.Seed;
    private static readonly double[] Bins = Enumerable.Range(0, 3528 / 2 + 1).Select(f => f * 44100.0 / 3528).ToArray();

    private static Matrix<double> Templates() =>
        Matrix<double>.Build.Dense(Bins.Length, HarmonicTemplates.PianoKeys, HarmonicTemplates.Create(Bins));

    [Theory]
    [InlineData(45)]
    [InlineData(57)]
    [InlineData(69)]
    [InlineData(76)]
    public void Autocorrelation_finds_the_key_of_a_harmonic_template(int midi)
    {
        var column = Templates().Column(midi - HarmonicTemplates.LowestPianoKey).ToArray();
        Assert.Equal(midi, TemplatePitch.ByAutocorrelation(column, Seed));
    }

    [Fact]
    public void A_silent_or_flat_template_has_no_pitch()
    {
        Assert.Null(TemplatePitch.ByAutocorrelation(new double[Bins.Length], Seed));
        // A flat spectrum is an impulse: its autocorrelation never turns negative.
        Assert.Null(TemplatePitch.ByAutocorrelation(Enumerable.Repeat(1.0, Bins.Length).ToArray(), Seed));
    }

    [Fact]
    public void Pitches_outside_the_range_are_refused()
    {
        var column = Templates().Column(69 - 21).ToArray();
        Assert.Null(TemplatePitch.ByAutocorrelation(column, Seed with { PitchMax = 400 }));
        Assert.Null(TemplatePitch.ByAutocorrelation(column, Seed with { PitchMin = 500 }));
    }

    [Fact]
    public void Waveform_autocorrelation_matches_the_direct_sum()
    {
        var random = new Random(5);
        var column = Enumerable.Range(0, 17).Select(_ => random.NextDouble()).ToArray();
        var fast = TemplatePitch.WaveformAutocorrelation(column);
        // x = irfft(column) by the definition, then r[l] = Σ x[n]x[n+l].
        int n = 32;
        var x = new double[n];
        for (int t = 0; t < n; t++)
        {
            double sum = column[0] + column[16] * Math.Cos(Math.PI * t);
            for (int k = 1; k < 16; k++) sum += 2 * column[k] * Math.Cos(2 * Math.PI * k * t / n);
            x[t] = sum / n;
        }
        for (int lag = 0; lag < n; lag++)
        {
            double r = 0;
            for (int t = 0; t + lag < n; t++) r += x[t] * x[t + lag];
            Assert.Equal(r, fast[lag], 10);
        }
    }

    [Fact]
    public void Known_keys_are_used_when_W_keeps_the_harmonic_shape()
    {
        var w = Templates() * 3.0;
        Assert.True(TemplatePitch.KeepsHarmonicShape(w, Bins));
        var pitches = TemplatePitch.Estimate(w, Bins, TranscriptionSettings.NmfGrid);
        Assert.Equal(Enumerable.Range(21, 88).Select(p => (int?)p), pitches);

        var other = Matrix<double>.Build.Random(Bins.Length, 88, 3).PointwiseAbs();
        Assert.False(TemplatePitch.KeepsHarmonicShape(other, Bins));
    }

    [Fact]
    public void Harmonic_pitch_rule_needs_88_templates()
    {
        var w = Matrix<double>.Build.Dense(Bins.Length, 10, 1.0);
        var e = Assert.Throws<ArgumentException>(() =>
            TemplatePitch.Estimate(w, Bins, TranscriptionSettings.NmfGrid with { TemplatePitch = TemplatePitchRule.Harmonic }));
        Assert.Contains("88", e.Message);
    }

    [Theory]
    [InlineData(440.0, 69)]
    [InlineData(261.6256, 60)]
    [InlineData(466.1638, 70)]
    [InlineData(27.5, 21)]
    public void Frequency_to_midi_rounds_to_the_nearest_key(double hz, int midi) =>
        Assert.Equal(midi, TemplatePitch.FrequencyToMidi(hz));
}
