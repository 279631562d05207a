using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>Starting phase of <see cref="GriffinLim"/>.</summary>
public enum PhaseInit
{
    /// <summary>Uniform random phase from a seeded generator (librosa's init='random').</summary>
    Random,

    /// <summary>Zero phase (librosa's init=None).</summary>
    Zero,
}

/// <summary>
/// Fast Griffin-Lim phase retrieval (Perraudin, Balazs & Søndergaard, WASPAA 2013) as librosa.griffinlim:
/// c_n = STFT(ISTFT(S·e^{iφ})), φ ← angle(c_n − (α/(1+α))·c_{n−1}), α the momentum (0.99), c_0 = 0;
/// then ISTFT(S·e^{iφ}). Same window, centring and padding as <see cref="Stft"/>.
/// </summary>
public static class GriffinLim
{
    public static double[] Reconstruct(Matrix<double> magnitude, int hop, int iterations = 32, double momentum = 0.99,
                                       PhaseInit init = PhaseInit.Random, int seed = 0, int? length = null,
                                       PadMode padMode = PadMode.Constant)
    {
        ArgumentNullException.ThrowIfNull(magnitude);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (momentum < 0 || !double.IsFinite(momentum))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be a finite number ≥ 0.");
        int bins = magnitude.RowCount, frames = magnitude.ColumnCount;
        int nFft = 2 * (bins - 1);
        var s = magnitude.ToColumnMajorArray();

        var angles = new Complex[s.Length];
        if (init == PhaseInit.Random)
        {
            // librosa draws from numpy's PCG64; the phases here come from System.Random, so runs differ from
            // librosa's sample by sample, not in distribution.
            var random = new Random(seed);
            for (int i = 0; i < angles.Length; i++)
                angles[i] = Complex.FromPolarCoordinates(1.0, 2.0 * Math.PI * random.NextDouble());
        }
        else
        {
            Array.Fill(angles, Complex.One);
        }

        double beta = momentum / (1.0 + momentum);
        Complex[]? previous = null;
        var spectrum = Matrix<Complex>.Build.Dense(bins, frames);
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            Fill(spectrum, s, angles);
            var signal = Stft.Inverse(spectrum, hop, length);
            var rebuilt = Stft.AsColumnMajor(Stft.Forward(signal, nFft, hop, padMode));
            if (rebuilt.Length != angles.Length)
                throw new InvalidOperationException(
                    $"Griffin-Lim: the STFT of the {signal.Length}-sample estimate has {rebuilt.Length / bins} frames, not {frames}; pass a consistent length.");
            for (int i = 0; i < angles.Length; i++)
            {
                var a = previous is null ? rebuilt[i] : rebuilt[i] - beta * previous[i];
                angles[i] = a / (a.Magnitude + Stft.Tiny);
            }
            previous = rebuilt;
        }
        Fill(spectrum, s, angles);
        return Stft.Inverse(spectrum, hop, length);
    }

    private static void Fill(Matrix<Complex> spectrum, double[] magnitude, Complex[] angles)
    {
        var data = Stft.AsColumnMajor(spectrum);
        for (int i = 0; i < data.Length; i++)
            data[i] = magnitude[i] * angles[i];
    }
}
