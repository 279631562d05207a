using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// Chroma filters over the STFT bins (librosa.filters.chroma, Ellis' chromagram): every bin's octave position
/// spreads to the nearby chroma classes with a Gaussian of one bin width, columns normalised to unit L2 norm,
/// weighted by a Gaussian over octaves centred on octave 5 (about 587 Hz) with width 2 octaves, rows rolled so that
/// class 0 is C.
/// </summary>
public static class ChromaFilterbank
{
    public static Matrix<double> Create(int sampleRate, int nFft, int nChroma = 12, double tuning = 0.0,
                                        double centerOctave = 5.0, double? octaveWidth = 2.0, bool baseC = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nChroma);
        // Fractional chroma bin of every FFT bin 1…n_fft−1: n_chroma·log2(f / (A440/16)), A440 shifted by tuning.
        double a440 = 440.0 * Math.Pow(2.0, tuning / nChroma);
        var frqbins = new double[nFft];
        for (int k = 1; k < nFft; k++)
            frqbins[k] = nChroma * Math.Log2((double)k * sampleRate / nFft / (a440 / 16.0));
        frqbins[0] = frqbins[1] - 1.5 * nChroma; // DC: one and a half octaves below bin 1
        var binWidth = new double[nFft];
        for (int k = 0; k < nFft - 1; k++)
            binWidth[k] = Math.Max(frqbins[k + 1] - frqbins[k], 1.0);
        binWidth[nFft - 1] = 1.0;

        int half = (int)Math.Round(nChroma / 2.0, MidpointRounding.ToEven);
        var wts = new double[nChroma, nFft];
        for (int k = 0; k < nFft; k++)
        {
            double norm = 0;
            for (int c = 0; c < nChroma; c++)
            {
                // Distance to class c, wrapped into [−n/2, n/2).
                double d = Remainder(frqbins[k] - c + half + 10.0 * nChroma, nChroma) - half;
                double w = Math.Exp(-0.5 * Math.Pow(2.0 * d / binWidth[k], 2));
                wts[c, k] = w;
                norm += w * w;
            }
            norm = Math.Sqrt(norm);
            double octave = octaveWidth is { } width
                ? Math.Exp(-0.5 * Math.Pow((frqbins[k] / nChroma - centerOctave) / width, 2))
                : 1.0;
            for (int c = 0; c < nChroma; c++)
                wts[c, k] = (norm > 0 ? wts[c, k] / norm : wts[c, k]) * octave;
        }

        int roll = baseC ? 3 * (nChroma / 12) : 0; // librosa rolls by −3 so that row 0 is C instead of A
        int bins = nFft / 2 + 1;
        return Matrix<double>.Build.Dense(nChroma, bins, (c, k) => wts[(c + roll) % nChroma, k]);
    }

    private static double Remainder(double x, double m) => x - m * Math.Floor(x / m);
}
