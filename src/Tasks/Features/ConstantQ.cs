using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// Constant-Q magnitude transform with librosa.cqt's filters and scaling, computed in one pass at the full rate
/// (Brown & Puckette's spectral kernel). Bin b has centre f_b = fmin·2^(b/B), relative bandwidth
/// α = (2^(2/B)−1)/(2^(2/B)+1) and length L_b = filter_scale·sr/(α·f_b); its filter is a periodic Hann window of
/// L_b samples times e^{2πi f_b n/sr}, L1-normalised. C[b,t] = √L_b·|Σ_n y[t·hop+n]·conj(k_b[n])|, the frame
/// centred on t·hop (zero padded), so a unit sine at f_b gives about √L_b/2.
/// librosa instead halves the rate octave by octave (recursive downsampling with anti-aliasing filters) and
/// needs hop divisible by 2^(octaves−1); magnitudes agree up to those filters' ripple, phases are not kept here.
/// </summary>
public static class ConstantQ
{
    /// <summary>C1, librosa's default lowest frequency.</summary>
    public const double DefaultFMin = 32.703195662574829;

    public static Matrix<double> Magnitude(ReadOnlySpan<double> y, int sampleRate, int hop = 512, double fmin = DefaultFMin,
                                           int nBins = 84, int binsPerOctave = 12, double filterScale = 1.0,
                                           PadMode padMode = PadMode.Constant)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nBins);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binsPerOctave);
        if (fmin <= 0)
            throw new ArgumentOutOfRangeException(nameof(fmin), fmin, "The CQT needs fmin > 0 (librosa's default is C1 = 32.70 Hz).");
        double alpha = (Math.Pow(2.0, 2.0 / binsPerOctave) - 1) / (Math.Pow(2.0, 2.0 / binsPerOctave) + 1);
        double fmax = fmin * Math.Pow(2.0, (nBins - 1.0) / binsPerOctave);
        if (fmax * (1 + alpha / 2) > sampleRate / 2.0)
            throw new ArgumentException(
                $"The top CQT bin ({fmax:F1} Hz, with its bandwidth) exceeds the Nyquist frequency {sampleRate / 2.0} Hz; use fewer bins.");

        var lengths = new double[nBins];
        for (int b = 0; b < nBins; b++)
            lengths[b] = filterScale * sampleRate / (alpha * fmin * Math.Pow(2.0, (double)b / binsPerOctave));
        int nFft = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Ceiling(lengths[0]) + 1);
        var kernels = SpectralKernels(lengths, fmin, binsPerOctave, sampleRate, nFft);

        var (padded, frames) = Stft.Frame(y, nFft, hop, padMode, center: true);
        var result = new double[nBins * frames];
        // Frames are not windowed: the window is inside each kernel. A rectangular frame through the STFT
        // machinery would apply Hann, so the frames go through their own loop.
        Parallel.For(0, frames, () => (Fft: new RealFourierTransform(nFft), Re: new double[nFft / 2 + 1], Im: new double[nFft / 2 + 1]),
            (t, _, ws) =>
            {
                ws.Fft.Forward(padded.AsSpan(t * hop, nFft), ws.Re, ws.Im);
                for (int b = 0; b < nBins; b++)
                {
                    var (from, re, im) = kernels[b];
                    double sumRe = 0, sumIm = 0;
                    for (int k = 0; k < re.Length; k++)
                    {
                        // X·conj(K)
                        double xr = ws.Re[from + k], xi = ws.Im[from + k];
                        sumRe += xr * re[k] + xi * im[k];
                        sumIm += xi * re[k] - xr * im[k];
                    }
                    result[t * nBins + b] = Math.Sqrt(sumRe * sumRe + sumIm * sumIm);
                }
                return ws;
            }, _ => { });
        return Matrix<double>.Build.Dense(nBins, frames, result);
    }

    /// <summary>
    /// The non-negligible part (|K| ≥ 1e-4·max) of each kernel's spectrum over bins 0…N/2, pre-scaled by
    /// √L/N so that Σ_k X[k]·conj(K[k]) is the CQT value (Parseval).
    /// </summary>
    private static (int From, double[] Re, double[] Im)[] SpectralKernels(double[] lengths, double fmin, int binsPerOctave,
                                                                           int sampleRate, int nFft)
    {
        var kernels = new (int, double[], double[])[lengths.Length];
        Parallel.For(0, lengths.Length, b =>
        {
            double frequency = fmin * Math.Pow(2.0, (double)b / binsPerOctave);
            // Sample offsets floor(−L/2) … floor(L/2)−1 around the frame centre, as librosa's wavelet filters.
            int first = (int)Math.Floor(-lengths[b] / 2), last = (int)Math.Floor(lengths[b] / 2) - 1;
            int count = last - first + 1;
            var window = Window.Hann(count);
            double l1 = window.Sum();
            var buffer = new Complex[nFft];
            for (int i = 0; i < count; i++)
            {
                int n = first + i;
                double phase = 2.0 * Math.PI * frequency * n / sampleRate;
                buffer[nFft / 2 + n] = Complex.FromPolarCoordinates(window[i] / l1, phase);
            }
            Fourier.Forward(buffer, FourierOptions.NoScaling);
            double scale = Math.Sqrt(lengths[b]) / nFft;
            double max = buffer.Take(nFft / 2 + 1).Max(c => c.Magnitude);
            int from = 0, to = nFft / 2;
            while (buffer[from].Magnitude < 1e-4 * max) from++;
            while (buffer[to].Magnitude < 1e-4 * max) to--;
            var re = new double[to - from + 1];
            var im = new double[to - from + 1];
            for (int k = from; k <= to; k++)
            {
                re[k - from] = buffer[k].Real * scale;
                im[k - from] = buffer[k].Imaginary * scale;
            }
            kernels[b] = (from, re, im);
        });
        return kernels;
    }
}
