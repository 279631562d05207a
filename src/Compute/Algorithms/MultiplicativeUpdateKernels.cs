using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// The fused elementwise passes of the β multiplicative updates: each reads V and WH once and writes the
/// two matrices the next GEMMs need, numerator N = V .* WHc^(β−2) and denominator D = WH^(β−1) (WHc:
/// WH clamped to eps32 from below). One SIMD loop per special β; no generic Pow on β ∈ {0, ½, 1, 3/2}.
/// Outputs may alias <c>wh</c> (each entry is read before it is written).
/// </summary>
internal static class MultiplicativeUpdateKernels
{
    /// <summary>β=1: N = V ./ WHc.</summary>
    public static void KullbackLeibler<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, Span<T> numerator, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
        var wv = MemoryMarshal.Cast<T, Vector<T>>(wh);
        var nv = MemoryMarshal.Cast<T, Vector<T>>(numerator);
        var e = new Vector<T>(eps);
        for (var i = 0; i < vv.Length; i++)
        {
            nv[i] = vv[i] / Vector.Max(wv[i], e);
        }

        for (var i = vv.Length * Vector<T>.Count; i < v.Length; i++)
        {
            numerator[i] = v[i] / T.Max(wh[i], eps);
        }
    }

    /// <summary>
    /// β=1 with the loss: N = V ./ WHc as <see cref="KullbackLeibler{T}"/> writes it, and in the same pass the
    /// KL loss's V terms, Σ V·log N over the entries with V &gt; eps32 (the others count 0, as in
    /// <see cref="Losses.BetaDivergence"/>). Partial sums go to double every 1024 entries, so float loses little.
    /// Double on AVX-512 takes a 512-bit loop with <see cref="NaturalLogarithm"/>'s table-driven logarithm (the
    /// runtime's was most of this pass's cost); the ratio N is the same bits either way.
    /// </summary>
    public static double KullbackLeiblerWithLoss<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, Span<T> numerator, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double) && NaturalLogarithm.IsTableDriven)
        {
            return KullbackLeiblerWithLoss512(MemoryMarshal.Cast<T, double>(v), MemoryMarshal.Cast<T, double>(wh),
                                              MemoryMarshal.Cast<T, double>(numerator), double.CreateTruncating(eps));
        }

        const int chunk = 1024;
        var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
        var wv = MemoryMarshal.Cast<T, Vector<T>>(wh);
        var nv = MemoryMarshal.Cast<T, Vector<T>>(numerator);
        var e = new Vector<T>(eps);
        double total = 0;
        for (var start = 0; start < vv.Length; start += chunk / Vector<T>.Count)
        {
            var end = Math.Min(vv.Length, start + chunk / Vector<T>.Count);
            var sum = Vector<T>.Zero;
            for (var i = start; i < end; i++)
            {
                var x = vv[i];
                var r = x / Vector.Max(wv[i], e);
                nv[i] = r;
                sum += Vector.ConditionalSelect(Vector.GreaterThan(x, e), x * Log(r), Vector<T>.Zero);
            }

            total += double.CreateTruncating(Vector.Sum(sum));
        }

        for (var i = vv.Length * Vector<T>.Count; i < v.Length; i++)
        {
            var r = v[i] / T.Max(wh[i], eps);
            numerator[i] = r;
            if (v[i] > eps)
            {
                total += double.CreateTruncating(v[i] * T.Log(r));
            }
        }

        return total;
    }

    // The same for double on AVX-512, with NaturalLogarithm's table-driven logarithm: the excluded entries take
    // log 1 = 0, so a zero ratio there sends no lane to the logarithm's slow path. Nearly always every lane of a
    // chunk is positive and normal, so the chunk is summed with the logarithm without its per-vector check (whose
    // rare call made the JIT keep nothing in registers across the loop) and checked once; a chunk with an abnormal
    // lane is summed again with the checked logarithm from the ratios written. The same bits either way.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double KullbackLeiblerWithLoss512(ReadOnlySpan<double> v, ReadOnlySpan<double> wh, Span<double> numerator, double eps)
    {
        const int chunk = 1024;
        var vv = MemoryMarshal.Cast<double, Vector512<double>>(v);
        var wv = MemoryMarshal.Cast<double, Vector512<double>>(wh);
        var nv = MemoryMarshal.Cast<double, Vector512<double>>(numerator);
        var e = Vector512.Create(eps);
        double total = 0;
        for (var start = 0; start < vv.Length; start += chunk / Vector512<double>.Count)
        {
            var end = Math.Min(vv.Length, start + chunk / Vector512<double>.Count);
            var sum = Vector512<double>.Zero;
            var abnormal = Vector512<ulong>.Zero;
            for (var i = start; i < end; i++)
            {
                var x = vv[i];
                var r = x / Vector512.Max(wv[i], e);
                nv[i] = r;
                var kept = Vector512.GreaterThan(x, e);
                var argument = Vector512.ConditionalSelect(kept, r, Vector512<double>.One);
                abnormal |= NaturalLogarithm.Abnormal(argument);
                sum += Vector512.ConditionalSelect(kept, x * NaturalLogarithm.OfNormalLanes(argument), Vector512<double>.Zero);
            }

            if (abnormal != Vector512<ulong>.Zero)
            {
                sum = SumVLogRatioChecked(vv[start..end], nv[start..end], e);
            }

            total += Vector512.Sum(sum);
        }

        for (var i = vv.Length * Vector512<double>.Count; i < v.Length; i++)
        {
            var r = v[i] / Math.Max(wh[i], eps);
            numerator[i] = r;
            if (v[i] > eps)
            {
                total += v[i] * Math.Log(r);
            }
        }

        return total;
    }

    // A chunk's Σ_kept V·log ratio with the checked logarithm (some lane zero, subnormal, infinite or NaN).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> SumVLogRatioChecked(ReadOnlySpan<Vector512<double>> v, ReadOnlySpan<Vector512<double>> ratio,
                                                         Vector512<double> eps)
    {
        var sum = Vector512<double>.Zero;
        for (var i = 0; i < v.Length; i++)
        {
            var kept = Vector512.GreaterThan(v[i], eps);
            var log = NaturalLogarithm.Of(Vector512.ConditionalSelect(kept, ratio[i], Vector512<double>.One));
            sum += Vector512.ConditionalSelect(kept, v[i] * log, Vector512<double>.Zero);
        }

        return sum;
    }

    // The runtime's vectorised logarithm, for the two element types it has one for.
    private static Vector<T> Log<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            return Vector.Log(x.As<T, double>()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector.Log(x.As<T, float>()).As<float, T>();
        }

        throw new NotSupportedException($"No vectorised logarithm for {typeof(T).Name}.");
    }

    /// <summary>β=0: with R = 1 ./ WHc, N = V .* R² and D = R (both clamped: β−1 &lt; 0).</summary>
    public static void ItakuraSaito<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, Span<T> numerator, Span<T> denominator, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
        var wv = MemoryMarshal.Cast<T, Vector<T>>(wh);
        var nv = MemoryMarshal.Cast<T, Vector<T>>(numerator);
        var dv = MemoryMarshal.Cast<T, Vector<T>>(denominator);
        var e = new Vector<T>(eps);
        for (var i = 0; i < vv.Length; i++)
        {
            var r = Vector<T>.One / Vector.Max(wv[i], e);
            nv[i] = vv[i] * (r * r);
            dv[i] = r;
        }

        for (var i = vv.Length * Vector<T>.Count; i < v.Length; i++)
        {
            var r = T.One / T.Max(wh[i], eps);
            numerator[i] = v[i] * (r * r);
            denominator[i] = r;
        }
    }

    /// <summary>β=½: with S = sqrt(WHc), N = V ./ (WHc .* S) and D = 1 ./ S (both clamped: β−1 &lt; 0).</summary>
    public static void HalfPower<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, Span<T> numerator, Span<T> denominator, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
        var wv = MemoryMarshal.Cast<T, Vector<T>>(wh);
        var nv = MemoryMarshal.Cast<T, Vector<T>>(numerator);
        var dv = MemoryMarshal.Cast<T, Vector<T>>(denominator);
        var e = new Vector<T>(eps);
        for (var i = 0; i < vv.Length; i++)
        {
            var c = Vector.Max(wv[i], e);
            var s = Vector.SquareRoot(c);
            nv[i] = vv[i] / (c * s);
            dv[i] = Vector<T>.One / s;
        }

        for (var i = vv.Length * Vector<T>.Count; i < v.Length; i++)
        {
            var c = T.Max(wh[i], eps);
            var s = T.Sqrt(c);
            numerator[i] = v[i] / (c * s);
            denominator[i] = T.One / s;
        }
    }

    /// <summary>β=3/2: N = V ./ sqrt(WHc), D = sqrt(WH) (unclamped: β−1 &gt; 0).</summary>
    public static void ThreeHalvesPower<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, Span<T> numerator, Span<T> denominator, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
        var wv = MemoryMarshal.Cast<T, Vector<T>>(wh);
        var nv = MemoryMarshal.Cast<T, Vector<T>>(numerator);
        var dv = MemoryMarshal.Cast<T, Vector<T>>(denominator);
        var e = new Vector<T>(eps);
        for (var i = 0; i < vv.Length; i++)
        {
            var w = wv[i];
            nv[i] = vv[i] / Vector.SquareRoot(Vector.Max(w, e));
            dv[i] = Vector.SquareRoot(w);
        }

        for (var i = vv.Length * Vector<T>.Count; i < v.Length; i++)
        {
            var w = wh[i];
            numerator[i] = v[i] / T.Sqrt(T.Max(w, eps));
            denominator[i] = T.Sqrt(w);
        }
    }

    /// <summary>
    /// Any other β: N = V .* C^(β−2), C = WHc if β &lt; 2 else WH; D = E^(β−1), E = WHc if β &lt; 1 else WH.
    /// Block-wise so the Pow passes stay in cache.
    /// </summary>
    public static void General<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, Span<T> numerator, Span<T> denominator,
                                  double beta, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int block = 2048;
        var numeratorPower = T.CreateTruncating(beta - 2.0);
        var denominatorPower = T.CreateTruncating(beta - 1.0);
        for (var start = 0; start < v.Length; start += block)
        {
            var n = Math.Min(block, v.Length - start);
            var w = wh.Slice(start, n);
            var num = numerator.Slice(start, n);
            var den = denominator.Slice(start, n);
            // Numerator first: it must read WH before an aliased denominator overwrites it.
            if (beta < 2.0)
            {
                TensorPrimitives.Max(w, eps, num);
            }
            else
            {
                w.CopyTo(num);
            }

            if (beta < 1.0)
            {
                TensorPrimitives.Max(w, eps, den);
            }
            else if (!den.Overlaps(w))
            {
                w.CopyTo(den);
            }

            FastPower.InPlace(num, numeratorPower);
            TensorPrimitives.Multiply(num, v.Slice(start, n), num);
            FastPower.InPlace(den, denominatorPower);
        }
    }
}
