using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// The non-negative-frequency bins (N/2 + 1) of a real signal's unscaled DFT of a power-of-two size N, as numpy's rfft.
/// BSS Eval's correlations and filterings work on these half spectra: real signals need no negative bins.
/// </summary>
internal readonly record struct HalfSpectrum(double[] Re, double[] Im)
{
    public int Bins => Re.Length;

    /// <summary>The spectrum of <paramref name="signal"/> zero-padded to the transform's size.</summary>
    public static HalfSpectrum Of(ReadOnlySpan<double> signal, RealFourierTransform transform)
    {
        var frame = new double[transform.Size];
        signal[..Math.Min(signal.Length, frame.Length)].CopyTo(frame);
        var spectrum = Zero(transform);
        transform.Forward(frame, spectrum.Re, spectrum.Im);
        return spectrum;
    }

    public static HalfSpectrum Zero(RealFourierTransform transform) => new(new double[transform.Bins], new double[transform.Bins]);

    /// <summary>this += a·b (bin by bin), or a·conj(b) with <paramref name="conjugate"/>.</summary>
    public void AddProduct(HalfSpectrum a, HalfSpectrum b, bool conjugate = false)
    {
        var sign = conjugate ? -1.0 : 1.0;
        for (int k = 0; k < Re.Length; k++)
        {
            double br = b.Re[k], bi = sign * b.Im[k];
            Re[k] += a.Re[k] * br - a.Im[k] * bi;
            Im[k] += a.Re[k] * bi + a.Im[k] * br;
        }
    }

    /// <summary>The first <paramref name="length"/> samples of the inverse transform (scaled by 1/N, as numpy's irfft).</summary>
    public double[] Inverse(RealFourierTransform transform, int length)
    {
        var frame = new double[transform.Size];
        transform.Inverse(Re, Im, frame);
        return length == frame.Length ? frame : frame[..length];
    }
}
