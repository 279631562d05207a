using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// Triangular mel filters over the n_fft/2+1 STFT bins (librosa.filters.mel): band m rises from mel point m
/// to m+1 and falls to m+2, n_mels+2 points equally spaced in mels on [fmin, fmax]. With Slaney normalisation
/// each triangle is scaled by 2/(f_{m+2} − f_m) so that it has unit area in Hz.
/// </summary>
public static class MelFilterbank
{
    /// <returns>An n_mels × (n_fft/2+1) matrix (double precision; librosa computes it in float32).</returns>
    public static Matrix<double> Create(int sampleRate, int nFft, int nMels = 128, double fmin = 0.0, double? fmax = null,
                                        bool htk = false, bool slaneyNorm = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nMels);
        double top = fmax ?? sampleRate / 2.0;
        if (fmin < 0 || top <= fmin)
            throw new ArgumentException($"The mel range needs 0 ≤ fmin < fmax, got fmin={fmin}, fmax={top}.");
        int bins = nFft / 2 + 1;
        var points = MelScale.Frequencies(nMels + 2, fmin, top, htk);
        var weights = Matrix<double>.Build.Dense(nMels, bins);
        for (int m = 0; m < nMels; m++)
        {
            double lowerWidth = points[m + 1] - points[m], upperWidth = points[m + 2] - points[m + 1];
            double norm = slaneyNorm ? 2.0 / (points[m + 2] - points[m]) : 1.0;
            for (int k = 0; k < bins; k++)
            {
                double f = (double)k * sampleRate / nFft;
                double rising = (f - points[m]) / lowerWidth, falling = (points[m + 2] - f) / upperWidth;
                double w = Math.Max(0.0, Math.Min(rising, falling));
                if (w > 0)
                    weights[m, k] = w * norm;
            }
        }
        return weights;
    }
}
