using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MathNet.Numerics.IntegralTransforms;
using NWaves.Transforms;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// The real FFT of one size, unscaled forward (X[k] = Σ x[n]·e^{−2πikn/N}), exact inverse (numpy's rfft/irfft).
/// Even sizes go through a complex FFT of half the size (the even samples as real parts, the odd ones as imaginary
/// parts, then split): <see cref="PowerOfTwoFft"/> for powers of two, <see cref="MixedRadixFft"/> for sizes whose
/// prime factors are small, such as the seed's 3528 for MAPS; MathNet's Fourier (Bluestein) for the rest.
/// docs/features.md has the measurements behind the choice.
/// Holds work buffers: use one instance per thread.
/// </summary>
internal sealed class RealFourierTransform
{
    private readonly PowerOfTwoFft? _powerOfTwo; // a complex FFT of N/2, N a power of two ≥ 4
    private readonly double[]? _zr, _zi, _packed;
    private readonly RealFft64? _tiny;           // N = 2
    private readonly MixedRadixFft? _half;       // even sizes with small prime factors: a complex FFT of N/2
    private readonly Complex[]? _halfTwiddles;   // e^{−2πik/N}, k ≤ N/2
    private readonly Complex[]? _buffer;
    private readonly Complex[]? _spectrum;
    private readonly MixedRadixFftLanes? _halfLanes;                  // the same, several frames at once
    private readonly Vector<double>[]? _laneInRe, _laneInIm, _laneRe, _laneIm;

    public RealFourierTransform(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        Size = size;
        if (size == 2)
        {
            _tiny = new RealFft64(size);
        }
        else if (size % 2 == 0 && (BitOperations.IsPow2(size) || MixedRadixFft.Supports(size / 2)))
        {
            _halfTwiddles = new Complex[size / 2 + 1];
            for (var k = 0; k <= size / 2; k++)
            {
                var angle = -2.0 * Math.PI * k / size;
                _halfTwiddles[k] = new Complex(Math.Cos(angle), Math.Sin(angle));
            }

            if (BitOperations.IsPow2(size))
            {
                _powerOfTwo = Shared(size / 2);
                _zr = new double[size / 2];
                _zi = new double[size / 2];
                _packed = new double[size];
            }
            else
            {
                _half = new MixedRadixFft(size / 2);
                _buffer = new Complex[size / 2];
                _spectrum = new Complex[size / 2];
                if (Vector.IsHardwareAccelerated && Vector<double>.Count > 1)
                {
                    _halfLanes = new MixedRadixFftLanes(size / 2);
                    _laneInRe = new Vector<double>[size / 2 + 1]; // + 1: also the bins' real parts on the way out
                    _laneInIm = new Vector<double>[size / 2 + 1];
                    _laneRe = new Vector<double>[size / 2];
                    _laneIm = new Vector<double>[size / 2];
                }
            }
        }
        else
        {
            _buffer = new Complex[size];
        }
    }

    public int Size { get; }

    /// <summary>Number of non-negative frequency bins, N/2 + 1.</summary>
    public int Bins => Size / 2 + 1;

    /// <summary>
    /// Frames <see cref="ForwardLanes"/> transforms at once: <see cref="Vector{T}.Count"/> where the size goes through
    /// <see cref="MixedRadixFft"/> and SIMD is on, else 1 (use <see cref="Forward"/>).
    /// </summary>
    public int Lanes => _halfLanes is null ? 1 : Vector<double>.Count;

    /// <summary>
    /// <see cref="Forward"/> of <see cref="Lanes"/> frames at once, one per SIMD lane (<see cref="MixedRadixFftLanes"/>):
    /// each frame's bins are Forward's, bit for bit. frames: Lanes·N samples, frame after frame; re and im: Lanes·Bins,
    /// frame after frame; or Lanes·b for the first b bins of each frame.
    /// </summary>
    public void ForwardLanes(ReadOnlySpan<double> frames, Span<double> re, Span<double> im)
    {
        if (frames.Length != Lanes * Size)
            throw new ArgumentException($"{Lanes} frames of {Size} samples; got {frames.Length} samples.", nameof(frames));
        Span<int> starts = stackalloc int[Lanes];
        for (var l = 0; l < starts.Length; l++)
            starts[l] = l * Size;
        ForwardLanes(frames, starts, [], re, im);
    }

    /// <summary>
    /// The same of the frames signal[starts[l] …] (N samples each) times <paramref name="window"/> (N values; empty: no
    /// window), the products taken while the samples are moved into the lanes: each frame's bins are Forward's of
    /// signal[starts[l] + n]·window[n], bit for bit, without a pass writing the windowed frames first.
    /// </summary>
    public void ForwardLanes(ReadOnlySpan<double> signal, ReadOnlySpan<int> starts, ReadOnlySpan<double> window, Span<double> re, Span<double> im)
    {
        if (_halfLanes is null)
            throw new InvalidOperationException($"A {Size}-point transform has no lane-parallel path; use Forward.");
        int lanes = Lanes, half = Size / 2;
        int bins = re.Length / lanes; // the first bins of each frame only, when fewer are asked for
        if (bins < 1 || bins > Bins || re.Length != lanes * bins || im.Length != lanes * bins)
            throw new ArgumentException($"{lanes} frames of {Size} samples give {lanes}×(1…{Bins}) bins; got {re.Length} and {im.Length} bins.");
        if (starts.Length != lanes || !window.IsEmpty && window.Length != Size)
            throw new ArgumentException($"{lanes} frames of {Size} samples take {lanes} starts and a window of {Size} (or none); got {starts.Length} and {window.Length}.");
        for (var l = 0; l < lanes; l++)
        {
            if (starts[l] < 0 || starts[l] > signal.Length - Size)
                throw new ArgumentOutOfRangeException(nameof(starts), starts[l], $"A frame of {Size} samples from there leaves the {signal.Length} samples.");
        }
        Vector<double>[] inRe = _laneInRe!, inIm = _laneInIm!, zr = _laneRe!, zi = _laneIm!;
        // z[n] = x[2n] + i·x[2n+1], frame l in lane l.
        var evenSamples = MemoryMarshal.Cast<Vector<double>, double>(inRe.AsSpan(0, half));
        var oddSamples = MemoryMarshal.Cast<Vector<double>, double>(inIm.AsSpan(0, half));
        var windowed = !window.IsEmpty;
        var first = 0;
        if (Transposes)
        {
            // Four samples of each frame, transposed: samples 2n and 2n + 2 of the four frames to inRe, 2n + 1 and 2n + 3
            // to inIm, each times its window value (the same product as the scalar one).
            var inRe4 = MemoryMarshal.Cast<Vector<double>, Vector256<double>>(inRe.AsSpan(0, half));
            var inIm4 = MemoryMarshal.Cast<Vector<double>, Vector256<double>>(inIm.AsSpan(0, half));
            ReadOnlySpan<double> f0 = signal.Slice(starts[0], Size), f1 = signal.Slice(starts[1], Size);
            ReadOnlySpan<double> f2 = signal.Slice(starts[2], Size), f3 = signal.Slice(starts[3], Size);
            for (; first + 2 <= half; first += 2)
            {
                var at = 2 * first;
                var (s0, s1, s2, s3) = Transpose(
                    Vector256.Create(f0.Slice(at, 4)), Vector256.Create(f1.Slice(at, 4)),
                    Vector256.Create(f2.Slice(at, 4)), Vector256.Create(f3.Slice(at, 4)));
                if (windowed)
                {
                    s0 *= Vector256.Create(window[at]);
                    s1 *= Vector256.Create(window[at + 1]);
                    s2 *= Vector256.Create(window[at + 2]);
                    s3 *= Vector256.Create(window[at + 3]);
                }
                inRe4[first] = s0;
                inIm4[first] = s1;
                inRe4[first + 1] = s2;
                inIm4[first + 1] = s3;
            }
        }
        for (var l = 0; l < lanes; l++)
        {
            var frame = signal.Slice(starts[l], Size);
            for (var n = first; n < half; n++)
            {
                evenSamples[n * lanes + l] = windowed ? frame[2 * n] * window[2 * n] : frame[2 * n];
                oddSamples[n * lanes + l] = windowed ? frame[2 * n + 1] * window[2 * n + 1] : frame[2 * n + 1];
            }
        }

        _halfLanes.Forward(inRe.AsSpan(0, half), inIm.AsSpan(0, half), zr, zi);

        // ForwardByHalf's split, lane by lane (inRe, inIm now take the bins).
        var oneHalf = new Vector<double>(0.5);
        var twiddles = _halfTwiddles!;
        for (var k = 0; k < bins; k++)
        {
            int a = k == half ? 0 : k, b = k == 0 ? 0 : half - k; // k mod N/2, (N/2 − k) mod N/2, without divisions
            Vector<double> ar = zr[a], ai = zi[a], cr = zr[b], ci = -zi[b]; // Z[k], conj Z[N/2−k]
            Vector<double> er = oneHalf * (ar + cr), ei = oneHalf * (ai + ci);
            Vector<double> dr = oneHalf * (ar - cr), di = oneHalf * (ai - ci);
            Vector<double> or = di, oi = -dr;                                 // d / i
            var wr = new Vector<double>(twiddles[k].Real);
            var wi = new Vector<double>(twiddles[k].Imaginary);
            inRe[k] = er + (wr * or - wi * oi);
            inIm[k] = ei + (wi * or + wr * oi);
        }

        var binRe = MemoryMarshal.Cast<Vector<double>, double>(inRe.AsSpan(0, bins));
        var binIm = MemoryMarshal.Cast<Vector<double>, double>(inIm.AsSpan(0, bins));
        var done = 0;
        if (Transposes)
        {
            // Four bins of the four frames, transposed: bins k…k+3 of each frame.
            var binRe4 = MemoryMarshal.Cast<Vector<double>, Vector256<double>>(inRe.AsSpan(0, bins));
            var binIm4 = MemoryMarshal.Cast<Vector<double>, Vector256<double>>(inIm.AsSpan(0, bins));
            for (; done + 4 <= bins; done += 4)
            {
                var (r0, r1, r2, r3) = Transpose(binRe4[done], binRe4[done + 1], binRe4[done + 2], binRe4[done + 3]);
                r0.CopyTo(re.Slice(done));
                r1.CopyTo(re.Slice(bins + done));
                r2.CopyTo(re.Slice(2 * bins + done));
                r3.CopyTo(re.Slice(3 * bins + done));
                var (i0, i1, i2, i3) = Transpose(binIm4[done], binIm4[done + 1], binIm4[done + 2], binIm4[done + 3]);
                i0.CopyTo(im.Slice(done));
                i1.CopyTo(im.Slice(bins + done));
                i2.CopyTo(im.Slice(2 * bins + done));
                i3.CopyTo(im.Slice(3 * bins + done));
            }
        }
        for (var l = 0; l < lanes; l++)
        {
            var outRe = re.Slice(l * bins, bins);
            var outIm = im.Slice(l * bins, bins);
            for (var k = done; k < bins; k++)
            {
                outRe[k] = binRe[k * lanes + l];
                outIm[k] = binIm[k * lanes + l];
            }
        }
    }

    // Four lanes of AVX: the moves between frame-after-frame and lane-by-lane layouts as 4×4 transposes (moves only).
    private static bool Transposes => Vector<double>.Count == 4 && Avx.IsSupported;

    // Rows a, b, c, d of a 4×4 block to its columns (a0 b0 c0 d0), (a1 b1 c1 d1), ….
    private static (Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>) Transpose(
        Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d)
    {
        Vector256<double> ab0 = Avx.UnpackLow(a, b), ab1 = Avx.UnpackHigh(a, b); // (a0 b0 a2 b2), (a1 b1 a3 b3)
        Vector256<double> cd0 = Avx.UnpackLow(c, d), cd1 = Avx.UnpackHigh(c, d);
        return (Avx.Permute2x128(ab0, cd0, 0x20), Avx.Permute2x128(ab1, cd1, 0x20),
                Avx.Permute2x128(ab0, cd0, 0x31), Avx.Permute2x128(ab1, cd1, 0x31));
    }

    public void Forward(ReadOnlySpan<double> frame, Span<double> re, Span<double> im)
    {
        if (_tiny is not null)
        {
            _tiny.Direct(frame, re, im);
            return;
        }
        if (_powerOfTwo is not null)
        {
            ForwardByPowerOfTwo(frame, re, im);
            return;
        }
        if (_half is not null)
        {
            ForwardByHalf(frame, re, im);
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
            if (_tiny is not null)
            {
                _tiny.InverseNorm(re, im, frame);
                return;
            }
            if (_powerOfTwo is not null)
            {
                InverseByPowerOfTwo(re, im, frame);
                return;
            }
            if (_half is not null)
            {
                InverseByHalf(re, im, frame);
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

    // The twiddle tables of one frame size, built once per process: transforms are made per thread and per call.
    // The very long transforms of BSS Eval (2^20 points and more, 20 MB of tables) are built per use instead of kept.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, PowerOfTwoFft> Plans = new();
    private const int LargestSharedPlan = 1 << 16;

    private static PowerOfTwoFft Shared(int size) =>
        size <= LargestSharedPlan ? Plans.GetOrAdd(size, n => new PowerOfTwoFft(n)) : new PowerOfTwoFft(size);

    // As ForwardByHalf below, on split arrays: Z = DFT_{N/2}(x[2n] + i·x[2n+1]), then X[k] = E[k] + e^{−2πik/N}·O[k].
    private void ForwardByPowerOfTwo(ReadOnlySpan<double> frame, Span<double> re, Span<double> im)
    {
        var half = Size / 2;
        double[] zr = _zr!, zi = _zi!;
        _powerOfTwo!.Forward(frame[..Size], zr, zi);
        var twiddles = _halfTwiddles!;
        // k = 0 and k = N/2: Z[0] and conj Z[0] give E = Re Z[0], O = Im Z[0].
        re[0] = zr[0] + zi[0];
        im[0] = 0;
        re[half] = zr[0] - zi[0];
        im[half] = 0;
        for (var k = 1; k < half; k++)
        {
            double ar = zr[k], ai = zi[k], br = zr[half - k], bi = -zi[half - k];
            double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
            double dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
            double or = di, oi = -dr; // d / i
            double wr = twiddles[k].Real, wi = twiddles[k].Imaginary;
            re[k] = er + (wr * or - wi * oi);
            im[k] = ei + (wr * oi + wi * or);
        }
    }

    // As InverseByHalf below: Z[k] = E[k] + i·O[k] from the bins, z = conj(DFT(conj Z))/(N/2), x[2n] = Re z[n], x[2n+1] = Im z[n].
    private void InverseByPowerOfTwo(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> frame)
    {
        var half = Size / 2;
        double[] zr = _zr!, zi = _zi!, packed = _packed!;
        var twiddles = _halfTwiddles!;
        for (var k = 0; k < half; k++)
        {
            double ar = re[k], ai = im[k], br = re[half - k], bi = -im[half - k];
            double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
            double dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
            double wr = twiddles[k].Real, wi = -twiddles[k].Imaginary; // conj e^{−2πik/N}
            double or = dr * wr - di * wi, oi = dr * wi + di * wr;
            packed[2 * k] = er - oi;        // Re(E + i·O)
            packed[2 * k + 1] = -(ei + or); // −Im(E + i·O): the conjugate
        }

        _powerOfTwo!.Forward(packed, zr, zi);
        var scale = 1.0 / half;
        for (var n = 0; n < half; n++)
        {
            frame[2 * n] = zr[n] * scale;
            frame[2 * n + 1] = -zi[n] * scale;
        }
    }

    // z[n] = x[2n] + i·x[2n+1], Z = DFT_{N/2}(z) = E + i·O (E, O the DFTs of the even and odd samples), so
    // E[k] = (Z[k] + conj Z[N/2−k])/2, O[k] = (Z[k] − conj Z[N/2−k])/(2i), and X[k] = E[k] + e^{−2πik/N}·O[k], k ≤ N/2.
    private void ForwardByHalf(ReadOnlySpan<double> frame, Span<double> re, Span<double> im)
    {
        var half = Size / 2;
        var z = _buffer!;
        var spectrum = _spectrum!;
        for (var n = 0; n < half; n++)
            z[n] = new Complex(frame[2 * n], frame[2 * n + 1]);
        _half!.Forward(z, spectrum);
        for (var k = 0; k <= half; k++)
        {
            var zk = spectrum[k % half];
            var zc = Complex.Conjugate(spectrum[(half - k) % half]);
            var even = 0.5 * (zk + zc);
            var d = 0.5 * (zk - zc);
            var odd = new Complex(d.Imaginary, -d.Real); // d / i
            var x = even + _halfTwiddles![k] * odd;
            re[k] = x.Real;
            im[k] = x.Imaginary;
        }
    }

    // The way back: E[k] = (X[k] + conj X[N/2−k])/2, O[k] = (X[k] − conj X[N/2−k])/2 · e^{2πik/N}, Z = E + i·O,
    // z = IDFT_{N/2}(Z) = conj(DFT(conj Z))/(N/2), x[2n] = Re z[n], x[2n+1] = Im z[n].
    private void InverseByHalf(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> frame)
    {
        var half = Size / 2;
        var z = _buffer!;
        var spectrum = _spectrum!;
        for (var k = 0; k < half; k++)
        {
            var xk = new Complex(re[k], im[k]);
            var xc = Complex.Conjugate(new Complex(re[half - k], im[half - k]));
            var even = 0.5 * (xk + xc);
            var odd = 0.5 * (xk - xc) * Complex.Conjugate(_halfTwiddles![k]);
            var zk = even + new Complex(-odd.Imaginary, odd.Real); // E + i·O
            spectrum[k] = Complex.Conjugate(zk);
        }

        _half!.Forward(spectrum, z);
        var scale = 1.0 / half;
        for (var n = 0; n < half; n++)
        {
            frame[2 * n] = z[n].Real * scale;
            frame[2 * n + 1] = -z[n].Imaginary * scale;
        }
    }
}
