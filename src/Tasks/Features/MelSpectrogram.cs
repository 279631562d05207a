using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>Mel power spectrograms, librosa.feature.melspectrogram: M·|STFT|^power with the Slaney filterbank.</summary>
public static class MelSpectrogram
{
    public static Matrix<double> Compute(ReadOnlySpan<double> y, int sampleRate, int nFft = 2048, int hop = 512, int nMels = 128,
                                         double fmin = 0.0, double? fmax = null, double power = 2.0,
                                         PadMode padMode = PadMode.Constant)
    {
        var spectrogram = Stft.Magnitude(y, nFft, hop, power, padMode);
        return FromSpectrogram(spectrogram, sampleRate, nMels, fmin, fmax);
    }

    /// <summary>melspectrogram(S=…): the filterbank applied to a given spectrogram, n_fft = 2(F−1).</summary>
    public static Matrix<double> FromSpectrogram(Matrix<double> spectrogram, int sampleRate, int nMels = 128,
                                                 double fmin = 0.0, double? fmax = null)
    {
        int nFft = 2 * (spectrogram.RowCount - 1);
        var filters = MelFilterbank.Create(sampleRate, nFft, nMels, fmin, fmax);
        return Filterbank.Apply(filters, spectrogram);
    }
}
