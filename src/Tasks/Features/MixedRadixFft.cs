using System.Numerics;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// The complex DFT X[k] = Σ x[n]·e^{−2πikn/N} (unscaled) for a length whose prime factors are all small, by
/// mixed-radix decimation in time: split x into p interleaved subsequences, transform each (recursively), and
/// combine them with twiddle factors, X[k + r·m] = Σ_q ω_L^{qk}·Y_q[k]·ω_p^{qr} (L = p·m the current length).
/// Radix 4, 2 and 3 have butterflies of their own; other (odd prime) factors a sum over symmetric pairs.
/// Sizes such as the seed's MAPS window, 3528 = 2³·3²·7², would otherwise go through Bluestein's algorithm
/// (three power-of-two transforms of 8192, with its chirp recomputed every call). Holds a work buffer: one
/// instance per thread.
/// </summary>
internal sealed class MixedRadixFft
{
    /// <summary>Largest prime factor handled; larger ones cost O(p²) per butterfly and are better left to Bluestein.</summary>
    public const int LargestFactor = 31;

    private readonly int _size;
    private readonly int[] _factors;      // radices, outermost first; their product is the size
    private readonly Complex[] _twiddles; // e^{−2πik/N}, k < N
    private readonly Complex[] _work;     // p values of one butterfly

    public MixedRadixFft(int size)
    {
        if (!Supports(size))
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Every prime factor must be at most {LargestFactor}.");
        _size = size;
        _factors = Factorise(size);
        _twiddles = new Complex[size];
        for (var k = 0; k < size; k++)
        {
            var angle = -2.0 * Math.PI * k / size;
            _twiddles[k] = new Complex(Math.Cos(angle), Math.Sin(angle));
        }

        _work = new Complex[Math.Max(1, _factors.DefaultIfEmpty(1).Max())];
    }

    /// <summary>The radices, outermost first (<see cref="MixedRadixFftLanes"/> runs the same ones).</summary>
    internal int[] Factors => (int[])_factors.Clone();

    /// <summary>e^{−2πik/N}, k &lt; N, as the butterflies use it.</summary>
    internal Complex Twiddle(int k) => _twiddles[k];

    /// <summary>Whether <paramref name="size"/> (≥ 1) has no prime factor above <see cref="LargestFactor"/>.</summary>
    public static bool Supports(int size)
    {
        if (size < 1)
            return false;
        for (var p = 2; p <= LargestFactor; p++)
        {
            while (size % p == 0)
                size /= p;
        }

        return size == 1;
    }

    /// <summary>output = DFT(input); the two must not overlap.</summary>
    public void Forward(ReadOnlySpan<Complex> input, Span<Complex> output)
    {
        if (input.Length != _size || output.Length != _size)
            throw new ArgumentException($"The transform has {_size} points; got {input.Length} in and {output.Length} out.");
        Transform(input, 0, 1, output, 0, 0);
    }

    private static int[] Factorise(int n)
    {
        var factors = new List<int>();
        while (n % 4 == 0)
        {
            factors.Add(4);
            n /= 4;
        }

        for (var p = 2; n > 1; p++)
        {
            while (n % p == 0)
            {
                factors.Add(p);
                n /= p;
            }
        }

        return [.. factors];
    }

    // The DFT of input[start + j·stride], j < N/stride, into output[outStart …]: the length at this level is
    // L = N/stride = p·m; the q-th subsequence (every p-th sample from q) is transformed into output[outStart + q·m …].
    private void Transform(ReadOnlySpan<Complex> input, int start, int stride, Span<Complex> output, int outStart, int level)
    {
        if (level == _factors.Length)
        {
            output[outStart] = input[start];
            return;
        }

        var p = _factors[level];
        var m = _size / stride / p;
        if (m == 1)
        {
            for (var q = 0; q < p; q++)
                output[outStart + q] = input[start + q * stride]; // the length-1 transforms below, without the calls
        }
        else
        {
            for (var q = 0; q < p; q++)
                Transform(input, start + q * stride, stride * p, output, outStart + q * m, level + 1);
        }

        switch (p)
        {
            case 2:
                Radix2(output.Slice(outStart, 2 * m), m, stride);
                break;
            case 3:
                Radix3(output.Slice(outStart, 3 * m), m, stride);
                break;
            case 4:
                Radix4(output.Slice(outStart, 4 * m), m, stride);
                break;
            default:
                RadixAny(output.Slice(outStart, p * m), m, stride, p);
                break;
        }
    }

    private void Radix2(Span<Complex> x, int m, int stride)
    {
        for (var k = 0; k < m; k++)
        {
            var a = x[k];
            var b = x[k + m] * _twiddles[k * stride];
            x[k] = a + b;
            x[k + m] = a - b;
        }
    }

    private void Radix3(Span<Complex> x, int m, int stride)
    {
        // ω₃ = e^{−2πi/3} = −½ − i·√3/2
        const double S = 0.86602540378443864676;
        for (var k = 0; k < m; k++)
        {
            var a = x[k];
            var b = x[k + m] * _twiddles[k * stride];
            var c = x[k + 2 * m] * _twiddles[2 * k * stride];
            var sum = b + c;
            var diff = b - c;
            var mid = a - 0.5 * sum;
            var rot = new Complex(S * diff.Imaginary, -S * diff.Real); // −i·(√3/2)·(b − c)
            x[k] = a + sum;
            x[k + m] = mid + rot;
            x[k + 2 * m] = mid - rot;
        }
    }

    private void Radix4(Span<Complex> x, int m, int stride)
    {
        for (var k = 0; k < m; k++)
        {
            var a = x[k];
            var b = x[k + m] * _twiddles[k * stride];
            var c = x[k + 2 * m] * _twiddles[2 * k * stride];
            var d = x[k + 3 * m] * _twiddles[3 * k * stride];
            var s0 = a + c;
            var s1 = a - c;
            var s2 = b + d;
            var bd = b - d;
            var s3 = new Complex(bd.Imaginary, -bd.Real); // −i·(b − d)
            x[k] = s0 + s2;
            x[k + m] = s1 + s3;
            x[k + 2 * m] = s0 - s2;
            x[k + 3 * m] = s1 - s3;
        }
    }

    // An odd prime p by pairs: with a_q = t_q + t_{p−q}, b_q = t_q − t_{p−q} (q = 1…(p−1)/2),
    // X_r = t_0 + Σ_q a_q·cos(2πqr/p) − i·Σ_q b_q·sin(2πqr/p) and X_{p−r} the same with the sine sum negated:
    // a quarter of the real multiplications of the direct p² sum.
    private void RadixAny(Span<Complex> x, int m, int stride, int p)
    {
        var t = _work.AsSpan(0, p);
        var half = (p - 1) / 2;
        Span<double> ar = stackalloc double[half + 1], ai = stackalloc double[half + 1];
        Span<double> br = stackalloc double[half + 1], bi = stackalloc double[half + 1];
        Span<double> cos = stackalloc double[p], sin = stackalloc double[p];
        var step = _size / p; // ω_p^{j} = twiddle[j·N/p] = cos(2πj/p) − i·sin(2πj/p)
        for (var j = 0; j < p; j++)
        {
            cos[j] = _twiddles[j * step].Real;
            sin[j] = -_twiddles[j * step].Imaginary;
        }

        for (var k = 0; k < m; k++)
        {
            t[0] = x[k];
            for (var q = 1; q < p; q++)
                t[q] = x[k + q * m] * _twiddles[q * k * stride]; // q·k·stride < p·m·stride = N

            double sumR = t[0].Real, sumI = t[0].Imaginary;
            for (var q = 1; q <= half; q++)
            {
                Complex u = t[q], v = t[p - q];
                ar[q] = u.Real + v.Real;
                ai[q] = u.Imaginary + v.Imaginary;
                br[q] = u.Real - v.Real;
                bi[q] = u.Imaginary - v.Imaginary;
                sumR += ar[q];
                sumI += ai[q];
            }

            x[k] = new Complex(sumR, sumI);
            for (var r = 1; r <= half; r++)
            {
                double er = t[0].Real, ei = t[0].Imaginary, or = 0, oi = 0;
                var index = 0;
                for (var q = 1; q <= half; q++)
                {
                    index += r;
                    if (index >= p)
                        index -= p;
                    double c = cos[index], sn = sin[index];
                    er += ar[q] * c;
                    ei += ai[q] * c;
                    or += bi[q] * sn;  // −i·b·sin: real part b.im·sin
                    oi -= br[q] * sn;  //            imaginary part −b.re·sin
                }

                x[k + r * m] = new Complex(er + or, ei + oi);
                x[k + (p - r) * m] = new Complex(er - or, ei - oi);
            }
        }
    }
}
