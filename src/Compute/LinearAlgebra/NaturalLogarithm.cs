using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// ln x for the losses (KL and IS take one per entry of V): on AVX-512 (F and DQ) a table-driven logarithm of
/// eight doubles at a time without a division, within 1 ulp of <see cref="Math.Log(double)"/>; elsewhere, and for
/// float, the runtime's vectorised logarithm. The path is chosen once, from the CPU.
/// <para>
/// The method (the table-and-polynomial scheme of Tang, ACM TOMS 16(4), 1990, with an exact reduction):
/// x = 2^k·z with z in [0.734375, 1.46875) taken from the bits of x; the top four bits of z's mantissa, counted
/// from that offset, pick one of 16 intervals and a short inverse centre 1/c (a multiple of 2^−m, m ≤ 6, near the
/// interval's 1/centre; 1 for the interval around 1, so no cancellation near x = 1). r = z/c − 1 = fma(z, 1/c, −1)
/// is exact: z·(1/c) − 1 is a multiple of ulp(z)·2^−m smaller than 2^−4, and m is small enough for each interval
/// that it has at most 53 significant bits (so the one FMA does what a product and its rounding error did). ln x = k·ln2 + ln c + ln(1 + r), −0.0342 ≤ r &lt; 0.0313, ln(1 + r) ≈ r + r²·P(r) with P of degree 8
/// (near-minimax, relative error of r²·P below 2^−60 of r), in Horner form: in a loop over many vectors the
/// evaluations overlap, so the fewest operations win, not the shortest chain. ln2 and ln c are split into a part
/// on a 2^−42 grid (so k·ln2hi + ln c_hi is exact) and the rest. The 16 table entries sit in two registers each and
/// are looked up with vpermt2pd (no gather). Subnormals are scaled into the normal range; 0, negatives, ∞ and NaN
/// give Math.Log's answers.
/// </para>
/// </summary>
internal static class NaturalLogarithm
{
    /// <summary>Whether doubles take the table-driven path on this CPU.</summary>
    public static readonly bool IsTableDriven = Avx512F.IsSupported && Avx512DQ.IsSupported;

    private const ulong Offset = 0x3FE7800000000000; // 0.734375: z lies in [Offset, 2·Offset)
    private const ulong SmallestNormal = 0x0010000000000000;
    private const ulong NormalRange = 0x7FE0000000000000; // bits − SmallestNormal below this: positive, normal, finite
    private const double Ln2High = 0.6931471805598903; // 0x1.62e42fefa3800p-1, ln 2 on the 2^−42 grid
    private const double Ln2Low = 5.497923018708371e-14; // 0x1.ef35793c76730p-45, ln 2 − Ln2High

    // 1/c, and ln c = −ln(1/c) as High (on the 2^−42 grid) + Low; entry i covers z in [Offset + i·2^48,
    // Offset + (i+1)·2^48) as bits. 1/c is the multiple of 2^−m (m ≤ 6) nearest the interval's 1/centre for which
    // z·(1/c) − 1 fits a double (53 bits from |r|'s top down to ulp(z)·2^−m); ln c to 60 digits with mpmath.
    private static readonly Vector512<double> InverseCentreLower = Table(
        0x3FF5800000000000, 0x3FF4800000000000, 0x3FF3800000000000, 0x3FF3000000000000,
        0x3FF2800000000000, 0x3FF1800000000000, 0x3FF1000000000000, 0x3FF0800000000000);
    private static readonly Vector512<double> InverseCentreUpper = Table(
        0x3FF0000000000000, 0x3FEE000000000000, 0x3FEC800000000000, 0x3FEB000000000000,
        0x3FE9800000000000, 0x3FE8800000000000, 0x3FE7000000000000, 0x3FE6000000000000);
    private static readonly Vector512<double> LogCentreHighLower = Table(
        0xBFD2E8E2BAE12000, 0xBFCFB9186D5E4000, 0xBFC9525A9CF46000, 0xBFC5FF3070A7A000,
        0xBFC29552F8200000, 0xBFB6F0D28AE58000, 0xBFAF0A30C0118000, 0xBF9F829B0E780000);
    private static readonly Vector512<double> LogCentreHighUpper = Table(
        0x0000000000000000, 0x3FB08598B59E4000, 0x3FBDA72763844000, 0x3FC5BF406B544000,
        0x3FCD1037F2656000, 0x3FD1178E8227E000, 0x3FD522AE0738A000, 0x3FD7FAFA3BD81000);
    private static readonly Vector512<double> LogCentreLowLower = Table(
        0x3D267B1E99B72BD8, 0x3D0D572AAB993C87, 0x3D3297137D9F158F, 0x3D38586F183BEBF2,
        0x3D35B967F4471DFC, 0x3D34B4641B664613, 0x3D2D599E83368E91, 0xBD2980267C7E09E4);
    private static readonly Vector512<double> LogCentreLowUpper = Table(
        0x0000000000000000, 0xBD17E5DD7009902C, 0x3D1A89401FA71733, 0xBD127023EB68981C,
        0xBD084A7E75B6F6E4, 0x3D31EF78CE2D07F2, 0x3D2EBE708164C759, 0x3D346FB79BF6D4CB);

    // P(r) ≈ (ln(1 + r) − r)/r² on [−0.0342, 0.0313]: mpmath's chebyfit of degree 8, rounded to double (P0 = −1/2).
    private const double P1 = 0.33333333333332943, P2 = -0.24999999999976916, P3 = 0.20000000004899302;
    private const double P4 = -0.16666666799240795, P5 = 0.14285697578058082, P6 = -0.12499759489783219;
    private const double P7 = 0.1113238284062597, P8 = -0.10141028228747757;

    /// <summary>ln x entry by entry, in place (a tail shorter than eight takes Math.Log).</summary>
    public static void InPlace<T>(Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double) && IsTableDriven)
        {
            var d = MemoryMarshal.Cast<T, double>(x);
            var vectors = MemoryMarshal.Cast<double, Vector512<double>>(d);
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i] = Of(vectors[i]);
            }

            for (var i = vectors.Length * Vector512<double>.Count; i < d.Length; i++)
            {
                d[i] = Math.Log(d[i]);
            }

            return;
        }

        TensorPrimitives.Log<T>(x, x);
    }

    /// <summary>ln of eight doubles; only where <see cref="IsTableDriven"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Of(Vector512<double> x)
    {
        var bits = x.AsUInt64();
        if (Vector512.GreaterThanOrEqualAny(bits - Vector512.Create(SmallestNormal), Vector512.Create(NormalRange)))
        {
            return OfAnyLane(x);
        }

        return OfNormal(bits, Vector512<long>.Zero);
    }

    /// <summary>
    /// All ones in the lanes that are not positive, normal and finite (0 elsewhere): where every lane of the result
    /// is 0, <see cref="OfNormalLanes"/> gives what <see cref="Of"/> gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Abnormal(Vector512<double> x) =>
        Vector512.GreaterThanOrEqual(NormalKey(x), Vector512.Create(NormalRange));

    /// <summary>
    /// x's bits less those of the smallest normal double, as unsigned integers: below <see cref="NormalKeyLimit"/>
    /// exactly in the positive, normal, finite lanes, so the largest key of many vectors (one max each) tells
    /// whether any of their lanes was not (<see cref="Abnormal"/> is this comparison lane by lane).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> NormalKey(Vector512<double> x) => x.AsUInt64() - Vector512.Create(SmallestNormal);

    /// <summary>The bound <see cref="NormalKey"/> stays below in positive, normal, finite lanes.</summary>
    public const ulong NormalKeyLimit = NormalRange;

    /// <summary>
    /// <see cref="Of"/> for lanes known to be positive, normal and finite (<see cref="Abnormal"/> all 0), without its
    /// check: a loop over many vectors checks them all first, and its body then holds no call (the same bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> OfNormalLanes(Vector512<double> x) => OfNormal(x.AsUInt64(), Vector512<long>.Zero);

    // Positive normal lanes (bits); k is counted from exponentBias (−52 for subnormals scaled by 2^52).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> OfNormal(Vector512<ulong> bits, Vector512<long> exponentBias)
    {
        var shifted = (bits - Vector512.Create(Offset)).AsInt64();
        var index = Vector512.ShiftRightLogical(shifted, 48); // vpermt2pd reads the low 4 bits only
        var k = Vector512.ConvertToDouble(Vector512.ShiftRightArithmetic(shifted, 52) + exponentBias);
        var z = (bits.AsInt64() - (shifted & Vector512.Create(unchecked((long)0xFFF0000000000000)))).AsDouble();

        var inverse = Avx512F.PermuteVar8x64x2(InverseCentreLower, index, InverseCentreUpper);
        var logHigh = Avx512F.PermuteVar8x64x2(LogCentreHighLower, index, LogCentreHighUpper);
        var logLow = Avx512F.PermuteVar8x64x2(LogCentreLowLower, index, LogCentreLowUpper);

        // z/c − 1 = r exactly (see the table): one FMA.
        var r = Vector512.FusedMultiplyAdd(z, inverse, Vector512.Create(-1.0));

        // k·ln2hi + ln c_hi is exact (both on the 2^−42 grid, |sum| < 2^10); hi + the error of adding r (Fast2Sum).
        var w = Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2High), logHigh);
        var hi = w + r;
        var lo = (w - hi) + r;
        lo += Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Low), logLow);

        // ln(1 + r) − r = r²·P(r).
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P8), r, Vector512.Create(P7));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(-0.5));

        return hi + Vector512.FusedMultiplyAdd(r * r, p, lo);
    }

    // Some lane is 0, subnormal, negative, ∞ or NaN (rare in a loss, which excludes V ≤ eps32 before its logarithm):
    // subnormals are scaled by 2^52 into the normal range (exact) and counted back in k; the rest take Math.Log's
    // answers: ln ±0 = −∞, ln +∞ = +∞, NaN for negatives and NaN.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> OfAnyLane(Vector512<double> x)
    {
        var subnormal = Vector512.GreaterThan(x, Vector512<double>.Zero) &
                        Vector512.LessThan(x, Vector512.Create(BitConverter.UInt64BitsToDouble(SmallestNormal)));
        var scaled = Vector512.ConditionalSelect(subnormal, x * Vector512.Create(4503599627370496.0), x); // 2^52
        var finite = Vector512.GreaterThanOrEqual(scaled, Vector512.Create(BitConverter.UInt64BitsToDouble(SmallestNormal))) &
                     Vector512.LessThan(scaled, Vector512.Create(double.PositiveInfinity));
        var normal = Vector512.ConditionalSelect(finite, scaled, Vector512<double>.One); // the others are replaced below
        var bias = Vector512.ConditionalSelect(subnormal.AsInt64(), Vector512.Create(-52L), Vector512<long>.Zero);
        var y = OfNormal(normal.AsUInt64(), bias);
        y = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero), Vector512.Create(double.NegativeInfinity), y);
        y = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(double.PositiveInfinity)), x, y);
        var notPositive = ~Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero); // negatives and NaN
        return Vector512.ConditionalSelect(notPositive, Vector512.Create(double.NaN), y);
    }

    private static Vector512<double> Table(params ulong[] bits) =>
        Vector512.Create(bits.Select(BitConverter.UInt64BitsToDouble).ToArray());
}
