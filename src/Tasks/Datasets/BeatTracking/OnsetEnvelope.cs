using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Datasets.BeatTracking;

/// <summary>
/// Onset strength as librosa.onset.onset_strength computes it with its defaults: the 128-band Slaney mel power
/// spectrogram (n_fft 2048, centred frames with zero padding; Tasks/Features), in dB (power_to_db: ref 1, amin 1e-10,
/// top_db 80), then the positive first difference along time averaged over bands, shifted right by
/// lag + n_fft/(2·hop) frames to undo the centring.
/// </summary>
public static class OnsetEnvelope
{
    public const int FftSize = 2048;
    public const int MelBands = 128;

    /// <summary>One value per frame of <paramref name="hop"/> samples; frames = 1 + samples / hop.</summary>
    public static double[] Compute(ReadOnlySpan<float> samples, int sampleRate, int hop = 512) =>
        FromLogMel(LogMelSpectrogram(samples, sampleRate, hop), hop, MelBands);

    /// <summary>The envelope over the first <paramref name="bands"/> mel bands only (e.g. the low bands, for bass and kick onsets).</summary>
    internal static double[] FromLogMel(Matrix<double> db, int hop, int bands)
    {
        var frames = db.ColumnCount;
        var envelope = new double[frames];
        var shift = 1 + FftSize / (2 * hop);
        for (var t = 1; t < frames; t++)
        {
            var target = t - 1 + shift;
            if (target >= frames) break;
            double sum = 0;
            for (var m = 0; m < bands; m++) sum += Math.Max(0, db[m, t] - db[m, t - 1]);
            envelope[target] = sum / bands;
        }
        return envelope;
    }

    /// <summary>power_to_db of the mel power spectrogram, bands × frames.</summary>
    internal static Matrix<double> LogMelSpectrogram(ReadOnlySpan<float> samples, int sampleRate, int hop)
    {
        var y = new double[samples.Length];
        for (var i = 0; i < y.Length; i++) y[i] = samples[i];
        return Decibel.PowerToDb(MelSpectrogram.Compute(y, sampleRate, FftSize, hop, MelBands));
    }
}
