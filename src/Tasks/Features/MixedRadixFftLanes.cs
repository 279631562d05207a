using System.Numerics;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// <see cref="MixedRadixFft"/> on <see cref="Vector{T}.Count"/> signals at once, one per SIMD lane (an STFT's
/// consecutive frames): the same factorisation, twiddles and butterflies, each lane given the same operations in the
/// same order as the scalar transform, so every signal's spectrum is the scalar one's bit for bit. The recursion is
/// laid out flat: a copy into digit-reversed order, then one pass per radix, innermost first, each over all the blocks
/// of its level (the butterflies of a level are independent, so their order does not change a value). Signals are
/// split into real and imaginary parts, a vector of lanes per point. Holds work buffers: one instance per thread.
/// </summary>
internal sealed class MixedRadixFftLanes
{
    private readonly int _size;
    private readonly int[] _factors;      // as MixedRadixFft's: radices, outermost first
    private readonly int[] _strides;      // per level: the product of the radices before it
    private readonly int[] _order;        // output position i starts from input position _order[i]
    private readonly double[] _cos, _sin; // e^{−2πik/N} = _cos[k] + i·_sin[k], k < N, the scalar transform's values
    private readonly Vector<double>[] _tr, _ti; // the p twiddled inputs of one butterfly (any radix)
    private readonly Vector<double>[] _ar, _ai, _br, _bi;
    private readonly double[] _cos7, _sin7;      // ω_7^j as RadixAny reads it: _cos[j·N/7], −_sin[j·N/7], j < 7

    public MixedRadixFftLanes(int size)
    {
        var scalar = new MixedRadixFft(size); // validates the size
        _size = size;
        _factors = scalar.Factors;
        _strides = new int[_factors.Length];
        for (int level = 0, stride = 1; level < _factors.Length; stride *= _factors[level], level++)
            _strides[level] = stride;
        _order = new int[size];
        Order(0, 1, 0, 0);
        _cos = new double[size];
        _sin = new double[size];
        for (var k = 0; k < size; k++)
        {
            var w = scalar.Twiddle(k);
            _cos[k] = w.Real;
            _sin[k] = w.Imaginary;
        }

        var largest = Math.Max(1, _factors.DefaultIfEmpty(1).Max());
        _tr = new Vector<double>[largest];
        _ti = new Vector<double>[largest];
        _ar = new Vector<double>[largest / 2 + 1];
        _ai = new Vector<double>[largest / 2 + 1];
        _br = new Vector<double>[largest / 2 + 1];
        _bi = new Vector<double>[largest / 2 + 1];
        _cos7 = new double[7];
        _sin7 = new double[7];
        if (size % 7 == 0)
        {
            for (var j = 0; j < 7; j++)
            {
                _cos7[j] = _cos[j * (size / 7)];
                _sin7[j] = -_sin[j * (size / 7)];
            }
        }
    }

    public int Size => _size;

    /// <summary>(re, im) = DFT(inRe + i·inIm) lane by lane; outputs must not overlap the inputs.</summary>
    public void Forward(ReadOnlySpan<Vector<double>> inRe, ReadOnlySpan<Vector<double>> inIm, Span<Vector<double>> re, Span<Vector<double>> im)
    {
        if (inRe.Length != _size || inIm.Length != _size || re.Length != _size || im.Length != _size)
            throw new ArgumentException($"The transform has {_size} points per lane; got {inRe.Length}, {inIm.Length} in and {re.Length}, {im.Length} out.");
        var innermost = _factors.Length - 1;
        if (innermost >= 0 && _factors[innermost] == 7)
        {
            // The innermost pass (m = 1) reads its inputs in digit-reversed order itself: no copy pass first.
            var blocks = _strides[innermost];
            for (var block = 0; block < blocks; block++)
                Radix7(inRe, inIm, _order.AsSpan(block * 7, 7), re.Slice(block * 7, 7), im.Slice(block * 7, 7), 1, blocks);
            innermost--;
        }
        else
        {
            for (var i = 0; i < _size; i++)
            {
                re[i] = inRe[_order[i]];
                im[i] = inIm[_order[i]];
            }
        }

        for (var level = innermost; level >= 0; level--)
        {
            int p = _factors[level], stride = _strides[level];
            var m = _size / stride / p;
            for (var block = 0; block < stride; block++)
            {
                var xr = re.Slice(block * p * m, p * m);
                var xi = im.Slice(block * p * m, p * m);
                switch (p)
                {
                    case 2:
                        Radix2(xr, xi, m, stride);
                        break;
                    case 3:
                        Radix3(xr, xi, m, stride);
                        break;
                    case 4:
                        Radix4(xr, xi, m, stride);
                        break;
                    case 7:
                        Radix7(xr, xi, [], xr, xi, m, stride);
                        break;
                    default:
                        RadixAny(xr, xi, m, stride, p);
                        break;
                }
            }
        }
    }

    // Where the scalar recursion copies each input: transform of input[start + j·stride] into output[outStart …].
    private void Order(int start, int stride, int outStart, int level)
    {
        if (level == _factors.Length)
        {
            _order[outStart] = start;
            return;
        }

        var p = _factors[level];
        var m = _size / stride / p;
        for (var q = 0; q < p; q++)
            Order(start + q * stride, stride * p, outStart + q * m, level + 1);
    }

    // x·w with System.Numerics.Complex's operations: (xr·wr − xi·wi) + i·(xi·wr + xr·wi).
    private (Vector<double> Re, Vector<double> Im) Twiddled(Vector<double> xr, Vector<double> xi, int k)
    {
        var wr = new Vector<double>(_cos[k]);
        var wi = new Vector<double>(_sin[k]);
        return (xr * wr - xi * wi, xi * wr + xr * wi);
    }

    private void Radix2(Span<Vector<double>> xr, Span<Vector<double>> xi, int m, int stride)
    {
        for (var k = 0; k < m; k++)
        {
            Vector<double> ar = xr[k], ai = xi[k];
            var (br, bi) = Twiddled(xr[k + m], xi[k + m], k * stride);
            xr[k] = ar + br;
            xi[k] = ai + bi;
            xr[k + m] = ar - br;
            xi[k + m] = ai - bi;
        }
    }

    private void Radix3(Span<Vector<double>> xr, Span<Vector<double>> xi, int m, int stride)
    {
        var s = new Vector<double>(0.86602540378443864676);
        var half = new Vector<double>(0.5);
        for (var k = 0; k < m; k++)
        {
            Vector<double> ar = xr[k], ai = xi[k];
            var (br, bi) = Twiddled(xr[k + m], xi[k + m], k * stride);
            var (cr, ci) = Twiddled(xr[k + 2 * m], xi[k + 2 * m], 2 * k * stride);
            Vector<double> sumR = br + cr, sumI = bi + ci;
            Vector<double> diffR = br - cr, diffI = bi - ci;
            Vector<double> midR = ar - half * sumR, midI = ai - half * sumI;
            Vector<double> rotR = s * diffI, rotI = -s * diffR; // −i·(√3/2)·(b − c)
            xr[k] = ar + sumR;
            xi[k] = ai + sumI;
            xr[k + m] = midR + rotR;
            xi[k + m] = midI + rotI;
            xr[k + 2 * m] = midR - rotR;
            xi[k + 2 * m] = midI - rotI;
        }
    }

    private void Radix4(Span<Vector<double>> xr, Span<Vector<double>> xi, int m, int stride)
    {
        for (var k = 0; k < m; k++)
        {
            Vector<double> ar = xr[k], ai = xi[k];
            var (br, bi) = Twiddled(xr[k + m], xi[k + m], k * stride);
            var (cr, ci) = Twiddled(xr[k + 2 * m], xi[k + 2 * m], 2 * k * stride);
            var (dr, di) = Twiddled(xr[k + 3 * m], xi[k + 3 * m], 3 * k * stride);
            Vector<double> s0r = ar + cr, s0i = ai + ci;
            Vector<double> s1r = ar - cr, s1i = ai - ci;
            Vector<double> s2r = br + dr, s2i = bi + di;
            Vector<double> bdr = br - dr, bdi = bi - di;
            Vector<double> s3r = bdi, s3i = -bdr; // −i·(b − d)
            xr[k] = s0r + s2r;
            xi[k] = s0i + s2i;
            xr[k + m] = s1r + s3r;
            xi[k + m] = s1i + s3i;
            xr[k + 2 * m] = s0r - s2r;
            xi[k + 2 * m] = s0i - s2i;
            xr[k + 3 * m] = s1r - s3r;
            xi[k + 3 * m] = s1i - s3i;
        }
    }

    // RadixAny for p = 7 with its arrays in registers: the same operations in the same order (the pairs q = 1, 2, 3,
    // then for r = 1, 2, 3 the sums over q with the root indices q·r mod 7), so the same bits. Two of the five passes
    // of MAPS's 1764-point half transform (4·3²·7²) are radix 7.
    // In place (from empty: input i is x[i]), or reading input i from x[from[i]] into the block y (the innermost pass).
    private void Radix7(ReadOnlySpan<Vector<double>> xr, ReadOnlySpan<Vector<double>> xi, ReadOnlySpan<int> from,
                        Span<Vector<double>> yr, Span<Vector<double>> yi, int m, int stride)
    {
        var c = _cos7;
        var s = _sin7;
        Vector<double> c1 = new(c[1]), c2 = new(c[2]), c3 = new(c[3]), c4 = new(c[4]), c5 = new(c[5]), c6 = new(c[6]);
        Vector<double> s1 = new(s[1]), s2 = new(s[2]), s3 = new(s[3]), s4 = new(s[4]), s5 = new(s[5]), s6 = new(s[6]);
        for (var k = 0; k < m; k++)
        {
            int at = from.IsEmpty ? k : from[k];
            Vector<double> t0r = xr[at], t0i = xi[at];
            at = from.IsEmpty ? k + m : from[k + m];
            var (t1r, t1i) = Twiddled(xr[at], xi[at], k * stride);
            at = from.IsEmpty ? k + 2 * m : from[k + 2 * m];
            var (t2r, t2i) = Twiddled(xr[at], xi[at], 2 * k * stride);
            at = from.IsEmpty ? k + 3 * m : from[k + 3 * m];
            var (t3r, t3i) = Twiddled(xr[at], xi[at], 3 * k * stride);
            at = from.IsEmpty ? k + 4 * m : from[k + 4 * m];
            var (t4r, t4i) = Twiddled(xr[at], xi[at], 4 * k * stride);
            at = from.IsEmpty ? k + 5 * m : from[k + 5 * m];
            var (t5r, t5i) = Twiddled(xr[at], xi[at], 5 * k * stride);
            at = from.IsEmpty ? k + 6 * m : from[k + 6 * m];
            var (t6r, t6i) = Twiddled(xr[at], xi[at], 6 * k * stride);
            Vector<double> a1r = t1r + t6r, a1i = t1i + t6i, b1r = t1r - t6r, b1i = t1i - t6i;
            Vector<double> a2r = t2r + t5r, a2i = t2i + t5i, b2r = t2r - t5r, b2i = t2i - t5i;
            Vector<double> a3r = t3r + t4r, a3i = t3i + t4i, b3r = t3r - t4r, b3i = t3i - t4i;
            yr[k] = t0r + a1r + a2r + a3r;
            yi[k] = t0i + a1i + a2i + a3i;
            // r = 1: roots 1, 2, 3; r = 2: 2, 4, 6; r = 3: 3, 6, 2 (q·r mod 7). The odd sums start from 0 as RadixAny's.
            Vector<double> er = t0r + a1r * c1 + a2r * c2 + a3r * c3, ei = t0i + a1i * c1 + a2i * c2 + a3i * c3;
            Vector<double> or = Vector<double>.Zero + b1i * s1 + b2i * s2 + b3i * s3;
            Vector<double> oi = Vector<double>.Zero - b1r * s1 - b2r * s2 - b3r * s3;
            yr[k + m] = er + or;
            yi[k + m] = ei + oi;
            yr[k + 6 * m] = er - or;
            yi[k + 6 * m] = ei - oi;
            er = t0r + a1r * c2 + a2r * c4 + a3r * c6;
            ei = t0i + a1i * c2 + a2i * c4 + a3i * c6;
            or = Vector<double>.Zero + b1i * s2 + b2i * s4 + b3i * s6;
            oi = Vector<double>.Zero - b1r * s2 - b2r * s4 - b3r * s6;
            yr[k + 2 * m] = er + or;
            yi[k + 2 * m] = ei + oi;
            yr[k + 5 * m] = er - or;
            yi[k + 5 * m] = ei - oi;
            er = t0r + a1r * c3 + a2r * c6 + a3r * c2;
            ei = t0i + a1i * c3 + a2i * c6 + a3i * c2;
            or = Vector<double>.Zero + b1i * s3 + b2i * s6 + b3i * s2;
            oi = Vector<double>.Zero - b1r * s3 - b2r * s6 - b3r * s2;
            yr[k + 3 * m] = er + or;
            yi[k + 3 * m] = ei + oi;
            yr[k + 4 * m] = er - or;
            yi[k + 4 * m] = ei - oi;
        }
    }

    // MixedRadixFft.RadixAny lane by lane: the sums over symmetric pairs, in the same order.
    private void RadixAny(Span<Vector<double>> xr, Span<Vector<double>> xi, int m, int stride, int p)
    {
        var half = (p - 1) / 2;
        var step = _size / p; // ω_p^{j} = twiddle[j·N/p] = cos(2πj/p) − i·sin(2πj/p)
        Vector<double>[] tr = _tr, ti = _ti, ar = _ar, ai = _ai, br = _br, bi = _bi;
        for (var k = 0; k < m; k++)
        {
            tr[0] = xr[k];
            ti[0] = xi[k];
            for (var q = 1; q < p; q++)
                (tr[q], ti[q]) = Twiddled(xr[k + q * m], xi[k + q * m], q * k * stride);

            Vector<double> sumR = tr[0], sumI = ti[0];
            for (var q = 1; q <= half; q++)
            {
                ar[q] = tr[q] + tr[p - q];
                ai[q] = ti[q] + ti[p - q];
                br[q] = tr[q] - tr[p - q];
                bi[q] = ti[q] - ti[p - q];
                sumR += ar[q];
                sumI += ai[q];
            }

            xr[k] = sumR;
            xi[k] = sumI;
            for (var r = 1; r <= half; r++)
            {
                Vector<double> er = tr[0], ei = ti[0], or = Vector<double>.Zero, oi = Vector<double>.Zero;
                var index = 0;
                for (var q = 1; q <= half; q++)
                {
                    index += r;
                    if (index >= p)
                        index -= p;
                    var c = new Vector<double>(_cos[index * step]);
                    var sn = new Vector<double>(-_sin[index * step]);
                    er += ar[q] * c;
                    ei += ai[q] * c;
                    or += bi[q] * sn;
                    oi -= br[q] * sn;
                }

                xr[k + r * m] = er + or;
                xi[k + r * m] = ei + oi;
                xr[k + (p - r) * m] = er - or;
                xi[k + (p - r) * m] = ei - oi;
            }
        }
    }
}
