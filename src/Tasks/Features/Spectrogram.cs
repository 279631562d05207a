using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Audio;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// Computes a feature matrix (F×T) from mono audio by <see cref="FeatureParameters"/>, as base_audio's
/// FeatureObject.get_spectrogram does (the table in docs/features.md).
/// </summary>
public static class Spectrogram
{
    /// <summary>The features of a decoded signal's mono mix; its rate must be the parameters' rate.</summary>
    public static Matrix<double> Compute(AudioSignal signal, FeatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(parameters);
        if (signal.SampleRate != parameters.SampleRate)
            throw new ArgumentException(
                $"The signal is at {signal.SampleRate} Hz but the feature parameters expect {parameters.SampleRate} Hz; read it with AudioReadOptions.SampleRate = {parameters.SampleRate}.",
                nameof(signal));
        return Compute(signal.MonoAsDouble(), parameters);
    }

    public static Matrix<double> Compute(ReadOnlySpan<double> y, FeatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        int sr = parameters.SampleRate, hop = parameters.HopLength;
        switch (parameters.Kind)
        {
            case FeatureKind.Stft:
            case FeatureKind.StftComplex:
                return Stft.Magnitude(y, parameters.NFft, hop, 1.0, parameters.PadMode);
            case FeatureKind.Cqt:
                return ConstantQ.Magnitude(y, sr, hop, parameters.CqtFMin, parameters.CqtBins, parameters.CqtBinsPerOctave,
                                           padMode: parameters.PadMode);
            case FeatureKind.Chroma:
                return Chroma.Compute(y, sr, parameters.NFft, hop, parameters.NChroma, padMode: parameters.PadMode);
            case FeatureKind.Mfcc:
            {
                var (nFft, nMels, fmin, fmax) = parameters.MelSettings;
                return Mfcc.FromLogMel(Decibel.PowerToDb(MelSpectrogram.Compute(y, sr, nFft, hop, nMels, fmin, fmax, 2.0, parameters.PadMode)),
                                       parameters.NMfcc);
            }
        }

        var (melFft, mels, melMin, melMax) = parameters.MelSettings;
        var mel = MelSpectrogram.Compute(y, sr, melFft, hop, mels, melMin, melMax, 2.0, parameters.PadMode);
        switch (parameters.Kind)
        {
            case FeatureKind.Mel:
                return mel;
            case FeatureKind.NnLogMel:
                return Decibel.PowerToDb(mel.Map(m => m + 1.0));
        }
        var logMel = Decibel.PowerToDb(mel);
        if (parameters.Kind == FeatureKind.LogMel)
            return logMel;
        var padded = logMel - logMel.Enumerate().Min();
        if (parameters.Kind == FeatureKind.PaddedLogMel)
            return padded;
        double max = padded.Enumerate().Max();
        // base_audio divides by the maximum even when it is 0 (constant input): NaN there, 0 here.
        return max > 0 ? padded / max : padded;
    }

    /// <summary>
    /// The first <paramref name="rows"/> rows of <see cref="Compute(ReadOnlySpan{double}, FeatureParameters)"/>, the same
    /// numbers: STFT magnitudes are computed for those bins only, other kinds whole and the rows taken.
    /// </summary>
    public static Matrix<double> ComputeLowRows(AudioSignal signal, FeatureParameters parameters, int rows)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(parameters);
        if (signal.SampleRate != parameters.SampleRate)
            throw new ArgumentException(
                $"The signal is at {signal.SampleRate} Hz but the feature parameters expect {parameters.SampleRate} Hz.", nameof(signal));
        parameters.Validate();
        // STFT magnitudes straight from the float mix (no double copy of it); other kinds take the double mix.
        return parameters.Kind is FeatureKind.Stft or FeatureKind.StftComplex
            ? Stft.LowMagnitude(signal.Mono(), parameters.NFft, parameters.HopLength, rows, 1.0, parameters.PadMode)
            : ComputeLowRows(signal.MonoAsDouble(), parameters, rows);
    }

    public static Matrix<double> ComputeLowRows(ReadOnlySpan<double> y, FeatureParameters parameters, int rows)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        if (parameters.Kind is FeatureKind.Stft or FeatureKind.StftComplex)
            return Stft.LowMagnitude(y, parameters.NFft, parameters.HopLength, rows, 1.0, parameters.PadMode);
        var whole = Compute(y, parameters);
        if (rows < 1 || rows > whole.RowCount)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"The {parameters.KindName} features have 1 to {whole.RowCount} rows.");
        return rows == whole.RowCount ? whole : whole.SubMatrix(0, rows, 0, whole.ColumnCount);
    }

    /// <summary>
    /// The number of frames (columns) of the features of a signal of <paramref name="length"/> samples, for the kinds
    /// <see cref="ComputeAt"/> computes frame by frame (STFT, mel, nn_log_mel); null for the others.
    /// </summary>
    public static int? FrameCount(int length, FeatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Kind switch
        {
            FeatureKind.Stft or FeatureKind.StftComplex => Stft.FrameCount(length, parameters.NFft, parameters.HopLength),
            FeatureKind.Mel or FeatureKind.NnLogMel => Stft.FrameCount(length, parameters.MelSettings.NFft, parameters.HopLength),
            _ => null,
        };
    }

    /// <summary>
    /// Columns <paramref name="frames"/> of <see cref="Compute(ReadOnlySpan{double}, FeatureParameters)"/>, the same
    /// numbers. STFT, mel and nn_log_mel features are computed at those frames only (their columns do not depend on
    /// one another, except nn_log_mel's top-dB floor, see <see cref="FloorIsInert"/>); other kinds are computed
    /// whole and the columns taken.
    /// </summary>
    public static Matrix<double> ComputeAt(ReadOnlySpan<double> y, FeatureParameters parameters, IReadOnlyList<int> frames)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(frames);
        parameters.Validate();
        int hop = parameters.HopLength;
        switch (parameters.Kind)
        {
            case FeatureKind.Stft:
            case FeatureKind.StftComplex:
                return Stft.MagnitudeAt(y, parameters.NFft, hop, frames, 1.0, parameters.PadMode);
            case FeatureKind.Mel:
            case FeatureKind.NnLogMel:
            {
                var (nFft, nMels, fmin, fmax) = parameters.MelSettings;
                var filters = MelFilterbank.Create(parameters.SampleRate, nFft, nMels, fmin, fmax);
                var mel = Filterbank.Apply(filters, Stft.MagnitudeAt(y, nFft, hop, frames, 2.0, parameters.PadMode));
                if (parameters.Kind == FeatureKind.Mel)
                    return mel;
                var db = Decibel.PowerToDb(mel.Map(m => m + 1.0), topDb: null);
                if (db.RowCount * db.ColumnCount == 0 || FloorIsInert(y, nFft, filters, db.Enumerate().Min()))
                    return db;
                break;
            }
        }

        var whole = Compute(y, parameters);
        return Matrix<double>.Build.Dense(whole.RowCount, frames.Count, (r, j) => whole[r, frames[j]]);
    }

    /// <summary>
    /// <see cref="ComputeAt(ReadOnlySpan{double}, FeatureParameters, IReadOnlyList{int})"/> of the float mix, the same
    /// numbers: mel and nn_log_mel frames are windowed straight from the floats and summed into the bands as they are
    /// transformed (<see cref="SampledMelPower"/>), without the double copy of the signal, its padded copy or the
    /// bins × frames power matrix; other kinds (and an nn_log_mel whose floor may act) take the double mix.
    /// </summary>
    public static Matrix<double> ComputeAt(float[] y, FeatureParameters parameters, IReadOnlyList<int> frames)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(frames);
        parameters.Validate();
        if (parameters.Kind is FeatureKind.Mel or FeatureKind.NnLogMel)
        {
            var (nFft, nMels, fmin, fmax) = parameters.MelSettings;
            var filters = MelFilterbank.Create(parameters.SampleRate, nFft, nMels, fmin, fmax);
            var mel = SampledMelPower.Compute(y, nFft, parameters.HopLength, frames.ToArray(), filters, parameters.PadMode);
            if (parameters.Kind == FeatureKind.Mel)
                return mel;
            var db = Decibel.PowerToDb(mel.Map(m => m + 1.0), topDb: null);
            if (db.RowCount * db.ColumnCount == 0 || FloorIsInert(Peak(y), nFft, filters, db.Enumerate().Min()))
                return db;
        }
        return ComputeAt(AudioSignal.FromMono(y, parameters.SampleRate).MonoAsDouble(), parameters, frames);
    }

    /// <summary>
    /// Whether power_to_db's top-dB floor (the whole matrix's maximum − 80 dB) leaves every value ≥
    /// <paramref name="lowest"/> unchanged, proved without the other frames: every mel band of any frame is at most
    /// max(filter weight)·Σ_f |X_f|² ≤ max(weight)·n_fft·Σ_n (w[n]·x[n])² (Parseval) ≤ max(weight)·n_fft·Σ w²·max|y|²,
    /// so 10·log10(that + 1) bounds the maximum. With audio in [−1, 1] the bound is near 50 dB and the floor, below 0 dB,
    /// never acts on log(mel + 1) ≥ 0.
    /// </summary>
    internal static bool FloorIsInert(ReadOnlySpan<double> y, int nFft, Matrix<double> filters, double lowest, double topDb = 80.0)
    {
        double peak = 0;
        foreach (var v in y)
            peak = Math.Max(peak, Math.Abs(v));
        return FloorIsInert(peak, nFft, filters, lowest, topDb);
    }

    /// <summary>The same from the signal's peak, max|y| (NaN where y holds one, and then false).</summary>
    internal static bool FloorIsInert(double peak, int nFft, Matrix<double> filters, double lowest, double topDb = 80.0)
    {
        double windowEnergy = 0;
        foreach (var w in Window.Hann(nFft))
            windowEnergy += w * w;
        double weight = filters.Enumerate().Max();
        double bound = weight * nFft * windowEnergy * peak * peak * 1.000001 + 1.0; // a hair above, for rounding
        return 10.0 * Math.Log10(bound) - topDb <= lowest;
    }

    /// <summary>The complex STFT for "stft_complex": its magnitude and phase e^{i·angle} (librosa.magphase, phase 1 where X = 0).</summary>
    public static (Matrix<double> Magnitude, Matrix<Complex> Phase) ComputeComplex(ReadOnlySpan<double> y, FeatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        var stft = Stft.Forward(y, parameters.NFft, parameters.HopLength, parameters.PadMode);
        var magnitude = stft.Map(c => c.Magnitude, Zeros.Include);
        var phase = stft.Map(c => c == Complex.Zero ? Complex.One : c / c.Magnitude, Zeros.Include);
        return (magnitude, phase);
    }

    /// <summary>
    /// max|y[i]| as a fold of Math.Max from 0 gives it (NaN if any sample is NaN), eight or sixteen samples at a time:
    /// the maximum of exact absolute values does not depend on the order, and float → double keeps it.
    /// </summary>
    internal static double Peak(ReadOnlySpan<float> y)
    {
        int i = 0;
        float peak = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= System.Numerics.Vector<float>.Count)
        {
            var max = System.Numerics.Vector<float>.Zero;
            var ordered = System.Numerics.Vector<int>.AllBitsSet; // all ones in a lane until it meets a NaN
            for (; i + System.Numerics.Vector<float>.Count <= y.Length; i += System.Numerics.Vector<float>.Count)
            {
                var v = new System.Numerics.Vector<float>(y.Slice(i));
                ordered &= Vector.Equals(v, v);
                max = Vector.Max(max, Vector.Abs(v));
            }
            if (!Vector.EqualsAll(ordered, System.Numerics.Vector<int>.AllBitsSet))
                return double.NaN;
            for (int l = 0; l < System.Numerics.Vector<float>.Count; l++)
                peak = Math.Max(peak, max[l]);
        }
        for (; i < y.Length; i++)
            peak = Math.Max(peak, Math.Abs(y[i]));
        return peak;
    }
}
