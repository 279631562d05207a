using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Datasets;

/// <summary>
/// A magnitude-spectrogram-like matrix with a known factorisation, V = W·H, for demos and smoke tests:
/// each template (column of W) is a harmonic comb — Gaussian bumps at multiples of its own fundamental
/// bin, amplitudes falling as 1/h, over a small gamma-distributed noise floor — and each activation (row
/// of H) switches on and off like a note, with gamma-distributed levels. Every entry is positive, so any
/// β (Itakura-Saito included) applies. The same seed gives the same matrices.
/// </summary>
public sealed record SyntheticSpectrogram(Matrix<double> V, Matrix<double> W, Matrix<double> H)
{
    // Chance per frame that a sounding component stops, and that a silent one starts.
    private const double StopProbability = 0.08;
    private const double StartProbability = 0.04;

    /// <param name="frequencies">rows F (513 for a 1024-point FFT).</param>
    /// <param name="frames">columns T.</param>
    /// <param name="components">K, the rank of the true factorisation.</param>
    public static SyntheticSpectrogram Create(int frequencies = 513, int frames = 400, int components = 8, int seed = 0)
    {
        if (frequencies < 8) throw new ArgumentOutOfRangeException(nameof(frequencies), frequencies, "At least 8 frequency bins are needed.");
        if (frames < 1) throw new ArgumentOutOfRangeException(nameof(frames), frames, "At least one frame is needed.");
        if (components < 1) throw new ArgumentOutOfRangeException(nameof(components), components, "At least one component is needed.");

        var random = new Random(seed);
        var w = Matrix<double>.Build.Dense(frequencies, components);
        for (int k = 0; k < components; k++)
        {
            // Fundamentals spread over the lower quarter of the spectrum, as pitched notes are.
            double fundamental = 3 + (frequencies / 4.0 - 3) * (k + random.NextDouble()) / components;
            for (int f = 0; f < frequencies; f++)
            {
                double value = Gamma.Sample(random, 1.0, 1000.0); // noise floor, mean 1e-3
                for (int harmonic = 1; harmonic * fundamental < frequencies; harmonic++)
                {
                    double distance = (f - harmonic * fundamental) / 1.5;
                    value += Math.Exp(-0.5 * distance * distance) / harmonic;
                }
                w[f, k] = value;
            }
        }

        var h = Matrix<double>.Build.Dense(components, frames);
        for (int k = 0; k < components; k++)
        {
            bool sounding = random.NextDouble() < 0.5;
            for (int t = 0; t < frames; t++)
            {
                sounding = sounding ? random.NextDouble() >= StopProbability : random.NextDouble() < StartProbability;
                h[k, t] = sounding ? Gamma.Sample(random, 2.0, 1.0) : Gamma.Sample(random, 0.5, 100.0);
            }
        }

        return new SyntheticSpectrogram(w * h, w, h);
    }
}
