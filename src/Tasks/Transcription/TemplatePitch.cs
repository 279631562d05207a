using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// W to pitch: the MIDI number of each template (column of W), or null where none can be told.
/// The seed's estimate (nmf_audio_benchmark W_column_to_note, after Marmoret, Bertin &amp; Cohen 2019) reads the
/// column as a magnitude spectrum, takes its waveform x = irfft(w) and that waveform's autocorrelation r (lags
/// 0…N−1, normalised by r[0]); skipping the lags before r first turns negative (the zero-lag lobe), the highest
/// remaining lag L gives f₀ = sr/L, accepted when r[L] &gt; salience and pitch_min ≤ f₀ ≤ pitch_max;
/// MIDI = round(69 + 12·log2(f₀/440)), half to even as Python's round.
/// </summary>
public static class TemplatePitch
{
    /// <summary>The pitch of every column of W, by the configured rule.</summary>
    public static int?[] Estimate(Matrix<double> w, IReadOnlyList<double>? rowFrequencies, TranscriptionSettings settings)
    {
        var known = settings.TemplatePitch switch
        {
            TemplatePitchRule.Harmonic => true,
            TemplatePitchRule.Autocorrelation => false,
            _ => rowFrequencies is not null && KeepsHarmonicShape(w, rowFrequencies),
        };
        if (known)
        {
            if (w.ColumnCount != HarmonicTemplates.PianoKeys)
                throw new ArgumentException(
                    $"template_pitch 'harmonic' reads column k as piano key 21+k, so W needs {HarmonicTemplates.PianoKeys} columns; it has {w.ColumnCount}.");
            return KnownKeys();
        }
        return Enumerable.Range(0, w.ColumnCount)
            .Select(k => ByAutocorrelation(w.Column(k).AsArray() ?? w.Column(k).ToArray(), settings))
            .ToArray();
    }

    /// <summary>Column k of the harmonic initialisation is piano key 21 + k.</summary>
    public static int?[] KnownKeys() =>
        Enumerable.Range(0, HarmonicTemplates.PianoKeys).Select(k => (int?)(HarmonicTemplates.LowestPianoKey + k)).ToArray();

    /// <summary>
    /// Whether W still looks like the harmonic initialisation: 88 columns, each with at least 90 % of its mass on
    /// the harmonic comb of its key. Multiplicative updates keep zeros at zero, so after "harmonic" + MU every
    /// column passes; a W from another start does not, and its pitches must be estimated.
    /// </summary>
    public static bool KeepsHarmonicShape(Matrix<double> w, IReadOnlyList<double> rowFrequencies)
    {
        if (w.ColumnCount != HarmonicTemplates.PianoKeys || rowFrequencies.Count != w.RowCount) return false;
        var combs = HarmonicTemplates.Create(rowFrequencies);
        int rows = w.RowCount;
        for (int k = 0; k < w.ColumnCount; k++)
        {
            double total = 0, onComb = 0;
            for (int f = 0; f < rows; f++)
            {
                double x = w[f, k];
                total += x;
                if (combs[k * rows + f] > 0) onComb += x;
            }
            if (total > 0 && onComb < 0.9 * total) return false;
        }
        return true;
    }

    /// <summary>The seed's autocorrelation pitch of one template (a magnitude spectrum of n_fft/2+1 bins), as MIDI.</summary>
    public static int? ByAutocorrelation(IReadOnlyList<double> column, TranscriptionSettings settings)
    {
        var f0 = AutocorrelationFrequency(column, settings.SampleRate, settings.Salience);
        if (f0 is not { } f || f < settings.PitchMin || f > settings.PitchMax) return null;
        return FrequencyToMidi(f);
    }

    /// <summary>f₀ = sr/L from the waveform's autocorrelation (see the class comment), or null when not salient.</summary>
    public static double? AutocorrelationFrequency(IReadOnlyList<double> column, int sampleRate, double salience)
    {
        if (column.Count < 3) throw new ArgumentException($"A template needs at least 3 frequency bins, got {column.Count}.", nameof(column));
        var r = WaveformAutocorrelation(column);
        double peak = r.Max();
        if (!(peak > 0)) return null; // a silent template: the seed's 0/0 finds no negative lag either
        int start = Array.FindIndex(r, x => x / peak < 0);
        if (start < 0) return null;
        int best = start;
        for (int lag = start + 1; lag < r.Length; lag++)
            if (r[lag] > r[best]) best = lag; // first maximum, as numpy's argmax
        return r[best] / peak > salience ? (double)sampleRate / best : null;
    }

    /// <summary>
    /// r[ℓ] = Σₙ x[n]·x[n+ℓ], ℓ = 0…N−1, for x = irfft(w) of length N = 2(bins−1) (numpy.correlate 'full', second
    /// half), computed as irfft(|rfft(x zero-padded to a power of two ≥ 2N)|²).
    /// </summary>
    public static double[] WaveformAutocorrelation(IReadOnlyList<double> column)
    {
        int bins = column.Count, n = 2 * (bins - 1);
        var re = column.ToArray();
        var im = new double[bins];
        var x = new double[n];
        new RealFourierTransform(n).Inverse(re, im, x);

        int padded = (int)BitOperations.RoundUpToPowerOf2((uint)(2 * n));
        var transform = new RealFourierTransform(padded);
        var frame = new double[padded];
        x.CopyTo(frame, 0);
        var pre = new double[transform.Bins];
        var pim = new double[transform.Bins];
        transform.Forward(frame, pre, pim);
        for (int k = 0; k < pre.Length; k++)
        {
            pre[k] = pre[k] * pre[k] + pim[k] * pim[k];
            pim[k] = 0;
        }
        transform.Inverse(pre, pim, frame);
        return frame[..n];
    }

    /// <summary>The seed's freq_to_midi: round(69 + 12·log2(f/440)), ties to even.</summary>
    public static int FrequencyToMidi(double hz) => (int)Math.Round(69 + 12 * Math.Log2(hz / 440), MidpointRounding.ToEven);
}
