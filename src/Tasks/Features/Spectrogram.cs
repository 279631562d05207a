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
}
