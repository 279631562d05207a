using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// Mel-frequency cepstral coefficients as librosa.feature.mfcc: the orthonormal DCT-II over the mel axis of a
/// log-power mel spectrogram, c[k] = s_k·Σ_m L[m]·cos(πk(2m+1)/(2M)), s_0 = √(1/M), s_k = √(2/M).
/// The separation task clusters NMF templates with them.
/// </summary>
public static class Mfcc
{
    /// <summary>From audio: power_to_db(melspectrogram(y)) (ref 1, amin 1e-10, top_db 80), then the DCT.</summary>
    public static Matrix<double> Compute(ReadOnlySpan<double> y, int sampleRate, int nMfcc = 20, int nFft = 2048, int hop = 512,
                                         int nMels = 128, double fmin = 0.0, double? fmax = null)
    {
        var mel = MelSpectrogram.Compute(y, sampleRate, nFft, hop, nMels, fmin, fmax);
        return FromLogMel(Decibel.PowerToDb(mel), nMfcc);
    }

    /// <summary>mfcc(S=logMel): the first nMfcc orthonormal DCT-II coefficients of every column.</summary>
    public static Matrix<double> FromLogMel(Matrix<double> logMel, int nMfcc = 20)
    {
        int mels = logMel.RowCount;
        if (nMfcc <= 0 || nMfcc > mels)
            throw new ArgumentOutOfRangeException(nameof(nMfcc), nMfcc, $"n_mfcc must be in 1…{mels} (the number of mel bands).");
        return DctMatrix(nMfcc, mels) * logMel;
    }

    /// <summary>The first rows of the orthonormal DCT-II matrix (scipy.fft.dct(type=2, norm='ortho')).</summary>
    internal static Matrix<double> DctMatrix(int rows, int size) =>
        Matrix<double>.Build.Dense(rows, size, (k, m) =>
            (k == 0 ? Math.Sqrt(1.0 / size) : Math.Sqrt(2.0 / size)) * Math.Cos(Math.PI * k * (2 * m + 1) / (2.0 * size)));
}
