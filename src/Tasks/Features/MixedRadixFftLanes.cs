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
    }

    public int Size => _size;

    /// <summary>(re, im) = DFT(inRe + i·inIm) lane by lane; outputs must not overlap the inputs.</summary>
    public void Forward(ReadOnlySpan<Vector<double>> inRe, ReadOnlySpan<Vector<double>> inIm, Span<Vector<double>> re, Span<Vector<double>> im)
    {
        if (inRe.Length != _size || inIm.Length != _size || re.Length != _size || im.Length != _size)
            throw new ArgumentException($"The transform has {_size} points per lane; got {inRe.Length}, {inIm.Length} in and {re.Length}, {im.Length} out.");
        for (var i = 0; i < _size; i++)
        {
            re[i] = inRe[_order[i]];
            im[i] = inIm[_order[i]];
        }

        for (var level = _factors.Length - 1; level >= 0; level--)
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
