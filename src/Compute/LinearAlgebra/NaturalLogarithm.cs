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
/// from that offset, pick one of 16 intervals and its centre c (c = 1 for the interval around 1, so no
/// cancellation near x = 1). With p = z/c − 1 split exactly as rHi = fl(z·(1/c)) − 1 and rLo = the product's
/// rounding error (one FMA), ln x = k·ln2 + ln c + ln(1 + r), |r| ≤ 1/32, ln(1 + r) ≈ r − r²/2 + … + r¹¹/11 in
/// Estrin form. ln2 and ln c are split into a part on a 2^−42 grid (so k·ln2hi + ln c_hi is exact) and the rest.
/// The 16 table entries sit in two registers each and are looked up with vpermt2pd (no gather).
/// Subnormals are scaled into the normal range; 0, negatives, ∞ and NaN give Math.Log's answers.
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

    // 1/c rounded to double, and ln c = −ln(1/c) as High (on the 2^−42 grid) + Low; entry i covers
    // z in [Offset + i·2^48, Offset + (i+1)·2^48) as bits. Computed to 60 digits with Python's decimal.
    private static readonly Vector512<double> InverseCentreLower = Table(
        0x3FF5555555555555, 0x3FF47AE147AE147B, 0x3FF3B13B13B13B14, 0x3FF2F684BDA12F68,
        0x3FF2492492492492, 0x3FF1A7B9611A7B96, 0x3FF1111111111111, 0x3FF0842108421084);
    private static readonly Vector512<double> InverseCentreUpper = Table(
        0x3FF0000000000000, 0x3FEE1E1E1E1E1E1E, 0x3FEC71C71C71C71C, 0x3FEAF286BCA1AF28,
        0x3FE999999999999A, 0x3FE8618618618618, 0x3FE745D1745D1746, 0x3FE642C8590B2164);
    private static readonly Vector512<double> LogCentreHighLower = Table(
        0xBFD269621134E000, 0xBFCF991C6CB3C000, 0xBFCA93ED3C8AE000, 0xBFC5BF406B544000,
        0xBFC1178E8227E000, 0xBFB9335E5D594000, 0xBFB08598B59E4000, 0xBFA0415D89E78000);
    private static readonly Vector512<double> LogCentreHighUpper = Table(
        0x0000000000000000, 0x3FAF0A30C0118000, 0x3FBE27076E2B0000, 0x3FC5FF3070A7A000,
        0x3FCC8FF7C79AA000, 0x3FD1675CABABA000, 0x3FD4618BC21C6000, 0x3FD739D7F6BBD000);
    private static readonly Vector512<double> LogCentreLowLower = Table(
        0x3D31BA1F10522625, 0x3D390B84CD7CC834, 0x3D286A4350562169, 0x3D128023EB68981C,
        0xBD21E778CE2D07F2, 0xBD230F5C3ABD47DA, 0x3D17E9DD7009902C, 0x3D3DDFC7F461C516);
    private static readonly Vector512<double> LogCentreLowUpper = Table(
        0x0000000000000000, 0xBD2D579E83368E91, 0xBD2A2C2C2AF0003C, 0xBD38546F183BEBF2,
        0xBD27814F689F8434, 0x3D383C0E731F55C4, 0xBD13E02F484C84CC, 0x3CBC7389314FEB50);

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
        Vector512.GreaterThanOrEqual(x.AsUInt64() - Vector512.Create(SmallestNormal), Vector512.Create(NormalRange));

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

        // z/c − 1 = r + rLo exactly: the product's rounding error by FMA, and p − 1 exact (p near 1).
        var product = z * inverse;
        var rLo = Vector512.FusedMultiplyAdd(z, inverse, -product);
        var r = product - Vector512<double>.One;

        // k·ln2hi + ln c_hi is exact (both on the 2^−42 grid, |sum| < 2^10); hi + the error of adding r (Fast2Sum).
        var w = Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2High), logHigh);
        var hi = w + r;
        var lo = (w - hi) + r;
        lo += Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Low), logLow);
        lo += Vector512.FusedMultiplyAdd(-rLo, r, rLo); // ln(1 + r + rLo) − ln(1 + r) ≈ rLo·(1 − r)

        // ln(1 + r) − r = r²·P(r), P(r) = −1/2 + r/3 − r²/4 + … + r⁹/11 (Taylor; the next term is < 2^−58·|r|).
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var a0 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 3.0), Vector512.Create(-0.5));
        var a1 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 5.0), Vector512.Create(-0.25));
        var a2 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 7.0), Vector512.Create(-1.0 / 6.0));
        var a3 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 9.0), Vector512.Create(-0.125));
        var a4 = Vector512.FusedMultiplyAdd(r, Vector512.Create(1.0 / 11.0), Vector512.Create(-0.1));
        var b0 = Vector512.FusedMultiplyAdd(r2, a1, a0);
        var b1 = Vector512.FusedMultiplyAdd(r2, a3, a2);
        var c0 = Vector512.FusedMultiplyAdd(r4, b1, b0);
        var polynomial = Vector512.FusedMultiplyAdd(r8, a4, c0);

        return hi + Vector512.FusedMultiplyAdd(r2, polynomial, lo);
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
