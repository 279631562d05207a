using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using NWaves.Transforms;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// The real FFT of one size, unscaled forward (X[k] = Σ x[n]·e^{−2πikn/N}), exact inverse (numpy's rfft/irfft).
/// NWaves' RealFft64 for powers of two (several times faster); MathNet's Fourier (Bluestein) for any other
/// size, such as the seed's 3528 for MAPS. docs/features.md has the measurements behind the choice.
/// Holds work buffers: use one instance per thread.
/// </summary>
internal sealed class RealFourierTransform
{
    private readonly RealFft64? _powerOfTwo;
    private readonly Complex[]? _buffer;

    public RealFourierTransform(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        Size = size;
        if (BitOperations.IsPow2(size))
            _powerOfTwo = new RealFft64(size);
        else
            _buffer = new Complex[size];
    }

    public int Size { get; }

    /// <summary>Number of non-negative frequency bins, N/2 + 1.</summary>
    public int Bins => Size / 2 + 1;

    public void Forward(ReadOnlySpan<double> frame, Span<double> re, Span<double> im)
    {
        if (_powerOfTwo is not null)
        {
            _powerOfTwo.Direct(frame, re, im);
            return;
        }
        var buffer = _buffer!;
        for (int i = 0; i < Size; i++)
            buffer[i] = new Complex(frame[i], 0);
        Fourier.Forward(buffer, FourierOptions.NoScaling);
        for (int k = 0; k < Bins; k++)
        {
            re[k] = buffer[k].Real;
            im[k] = buffer[k].Imaginary;
        }
    }

    /// <summary>
    /// x[n] = (1/N)·Σ X[k]·e^{2πikn/N} over the Hermitian extension of the N/2+1 bins given. As numpy's irfft,
    /// the imaginary parts of the DC and (even N) Nyquist bins are ignored. re and im are left unchanged.
    /// </summary>
    public void Inverse(Span<double> re, Span<double> im, Span<double> frame)
    {
        double imDc = im[0], imNyquist = im[Bins - 1];
        im[0] = 0;
        if (Size % 2 == 0)
            im[Bins - 1] = 0;
        try
        {
            if (_powerOfTwo is not null)
            {
                _powerOfTwo.InverseNorm(re, im, frame);
                return;
            }
            var buffer = _buffer!;
            for (int k = 0; k < Bins; k++)
                buffer[k] = new Complex(re[k], im[k]);
            for (int k = Bins; k < Size; k++)
                buffer[k] = Complex.Conjugate(buffer[Size - k]);
            Fourier.Inverse(buffer, FourierOptions.NoScaling);
            double scale = 1.0 / Size;
            for (int i = 0; i < Size; i++)
                frame[i] = buffer[i].Real * scale;
        }
        finally
        {
            im[0] = imDc;
            im[Bins - 1] = imNyquist;
        }
    }
}
