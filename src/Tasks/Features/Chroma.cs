using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// Chromagram from the STFT power (librosa.feature.chroma_stft with n_fft 2048, hop 512, power 2): the chroma
/// filterbank applied to |STFT|², then each frame divided by its maximum (norm=inf; silent frames stay zero).
/// Unlike librosa, which estimates the tuning with piptrack when none is given, the tuning defaults to 0 (A = 440 Hz).
/// </summary>
public static class Chroma
{
    public static Matrix<double> Compute(ReadOnlySpan<double> y, int sampleRate, int nFft = 2048, int hop = 512, int nChroma = 12,
                                         double tuning = 0.0, PadMode padMode = PadMode.Constant)
    {
        var power = Stft.Magnitude(y, nFft, hop, 2.0, padMode);
        return FromSpectrogram(power, sampleRate, nChroma, tuning);
    }

    public static Matrix<double> FromSpectrogram(Matrix<double> power, int sampleRate, int nChroma = 12, double tuning = 0.0)
    {
        int nFft = 2 * (power.RowCount - 1);
        var chroma = ChromaFilterbank.Create(sampleRate, nFft, nChroma, tuning) * power;
        for (int t = 0; t < chroma.ColumnCount; t++)
        {
            double max = 0;
            for (int c = 0; c < chroma.RowCount; c++)
                max = Math.Max(max, Math.Abs(chroma[c, t]));
            if (max > Stft.Tiny)
                for (int c = 0; c < chroma.RowCount; c++)
                    chroma[c, t] /= max;
        }
        return chroma;
    }
}
