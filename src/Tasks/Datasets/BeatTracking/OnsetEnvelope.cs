using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace NmfGrid.Tasks.Datasets.BeatTracking;

/// <summary>
/// Onset strength as librosa.onset.onset_strength computes it with its defaults: a 128-band Slaney mel power spectrogram
/// (n_fft 2048, periodic Hann, centred frames with zero padding), in dB (amin 1e-10, top_db 80), then the positive
/// first difference along time averaged over bands, shifted by lag + n_fft/(2·hop) frames to undo the centring.
/// A self-contained version for the beat tracker: Tasks/Features (STFT, mel) had not landed when this was written.
/// </summary>
public static class OnsetEnvelope
{
    public const int FftSize = 2048;
    public const int MelBands = 128;

    /// <summary>One value per frame of <paramref name="hop"/> samples; frames = 1 + samples / hop.</summary>
    public static double[] Compute(ReadOnlySpan<float> samples, int sampleRate, int hop = 512) =>
        FromLogMel(LogMelSpectrogram(samples, sampleRate, hop), hop, MelBands);

    /// <summary>The envelope over the first <paramref name="bands"/> mel bands only (e.g. the low bands, for bass and kick onsets).</summary>
    internal static double[] FromLogMel(double[][] db, int hop, int bands)
    {
        var frames = db.Length;
        var envelope = new double[frames];
        // librosa pads the lag-1 difference on the left by lag + n_fft/(2·hop) frames.
        var shift = 1 + FftSize / (2 * hop);
        for (var t = 1; t < frames; t++)
        {
            var target = t - 1 + shift;
            if (target >= frames) break;
            double sum = 0;
            for (var m = 0; m < bands; m++) sum += Math.Max(0, db[t][m] - db[t - 1][m]);
            envelope[target] = sum / bands;
        }
        return envelope;
    }

    /// <summary>S_db[t][m] = max(10·log10(max(S, 1e-10)), max_S_db − 80), S = mel filterbank · |STFT|².</summary>
    internal static double[][] LogMelSpectrogram(ReadOnlySpan<float> samples, int sampleRate, int hop)
    {
        var filters = SlaneyMelFilters(sampleRate);
        var window = Enumerable.Range(0, FftSize).Select(n => 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / FftSize)).ToArray();
        var frames = 1 + samples.Length / hop;
        var result = new double[frames][];
        var buffer = new Complex[FftSize];
        var power = new double[FftSize / 2 + 1];
        var max = double.NegativeInfinity;
        for (var t = 0; t < frames; t++)
        {
            var start = t * hop - FftSize / 2;
            for (var n = 0; n < FftSize; n++)
            {
                var i = start + n;
                buffer[n] = new Complex(i >= 0 && i < samples.Length ? samples[i] * window[n] : 0, 0);
            }
            Fourier.Forward(buffer, FourierOptions.NoScaling);
            for (var k = 0; k < power.Length; k++) power[k] = buffer[k].Real * buffer[k].Real + buffer[k].Imaginary * buffer[k].Imaginary;
            var row = new double[MelBands];
            for (var m = 0; m < MelBands; m++)
            {
                double s = 0;
                foreach (var (k, w) in filters[m]) s += w * power[k];
                row[m] = 10 * Math.Log10(Math.Max(s, 1e-10));
                max = Math.Max(max, row[m]);
            }
            result[t] = row;
        }
        foreach (var row in result)
            for (var m = 0; m < MelBands; m++) row[m] = Math.Max(row[m], max - 80);
        return result;
    }

    /// <summary>Slaney mel triangles from 0 Hz to Nyquist, area-normalised (2 / bandwidth), as sparse (bin, weight) lists.</summary>
    internal static (int Bin, double Weight)[][] SlaneyMelFilters(int sampleRate)
    {
        var minMel = HzToMel(0);
        var maxMel = HzToMel(sampleRate / 2.0);
        var edges = Enumerable.Range(0, MelBands + 2).Select(i => MelToHz(minMel + (maxMel - minMel) * i / (MelBands + 1))).ToArray();
        var bins = FftSize / 2 + 1;
        var filters = new (int, double)[MelBands][];
        for (var m = 0; m < MelBands; m++)
        {
            var list = new List<(int, double)>();
            var norm = 2.0 / (edges[m + 2] - edges[m]);
            for (var k = 0; k < bins; k++)
            {
                var f = (double)k * sampleRate / FftSize;
                var lower = (f - edges[m]) / (edges[m + 1] - edges[m]);
                var upper = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                var w = Math.Max(0, Math.Min(lower, upper));
                if (w > 0) list.Add((k, w * norm));
            }
            filters[m] = list.ToArray();
        }
        return filters;
    }

    // Slaney's mel scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above (step ln(6.4)/27).
    private const double LinearStep = 200.0 / 3;
    private const double LogStart = 1000.0;
    private const double LogStartMel = LogStart / LinearStep;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    internal static double HzToMel(double hz) => hz < LogStart ? hz / LinearStep : LogStartMel + Math.Log(hz / LogStart) / LogStep;

    internal static double MelToHz(double mel) => mel < LogStartMel ? mel * LinearStep : LogStart * Math.Exp(LogStep * (mel - LogStartMel));
}
