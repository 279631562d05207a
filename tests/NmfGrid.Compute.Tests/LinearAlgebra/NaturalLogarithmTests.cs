using System.Numerics.Tensors;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

/// <summary>
/// The losses' logarithm against Math.Log: within 1 ulp over the whole positive double range (random bit
/// patterns, so every binade and the subnormals weigh alike), near 1, at the table's interval edges, and the
/// same answers for 0, negatives, ∞ and NaN. On a CPU without AVX-512 it is the runtime's logarithm.
/// </summary>
public sealed class NaturalLogarithmTests
{
    [Fact]
    public void Within_one_ulp_of_Math_Log_over_random_positive_doubles()
    {
        var random = new Random(20261207);
        var x = new double[2_000_000];
        for (var i = 0; i < x.Length; i++)
        {
            // Any positive finite double, subnormals included: a uniform bit pattern in [1, MaxValue's bits].
            x[i] = BitConverter.UInt64BitsToDouble(1 + (ulong)random.NextInt64(0x7FEFFFFFFFFFFFFF));
        }

        AssertWithinOneUlp(x);
    }

    [Fact]
    public void Within_one_ulp_of_Math_Log_near_one_and_in_the_range_a_loss_sees()
    {
        var random = new Random(7);
        var x = new double[2_000_000];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (i % 4) switch
            {
                0 => 1.0 + (random.NextDouble() - 0.5) * 0.2,              // |x − 1| ≤ 0.1
                1 => 1.0 + (random.NextDouble() - 0.5) * Math.Pow(2, -random.Next(5, 60)),
                2 => Math.Exp((random.NextDouble() - 0.5) * 60.0),         // ratios V/WH of a loss
                _ => random.NextDouble() * 4.0,
            };
        }

        AssertWithinOneUlp(x);
    }

    [Fact]
    public void Within_one_ulp_at_the_interval_edges_in_every_binade()
    {
        // Each interval of z in [0.734375, 1.46875) is 2^48 bit patterns wide; take a few ulps either side of
        // each edge, scaled to every binade.
        var x = new List<double>();
        for (var edge = 0; edge <= 16; edge++)
        {
            var bits = 0x3FE7800000000000UL + (ulong)edge * (1UL << 48);
            for (var exponent = -1022; exponent <= 1023; exponent += 7)
            {
                for (long d = -3; d <= 3; d++)
                {
                    x.Add(Math.ScaleB(BitConverter.UInt64BitsToDouble((ulong)((long)bits + d)), exponent));
                }
            }
        }

        AssertWithinOneUlp(x.Where(v => v > 0 && double.IsFinite(v)).ToArray());
    }

    [Fact]
    public void Within_one_ulp_throughout_every_interval_where_the_reduction_is_largest()
    {
        // The reduction r = z·(1/c) − 1 is one FMA, exact only while each interval's short 1/c keeps it within 53
        // bits; |r| is largest towards the intervals' ends, so sample each interval uniformly and its outer eighths
        // again, in binades from the subnormal edge to the largest.
        var random = new Random(12);
        var x = new List<double>();
        for (var interval = 0; interval < 16; interval++)
        {
            var start = 0x3FE7800000000000L + interval * (1L << 48);
            for (var i = 0; i < 40_000; i++)
            {
                var offset = (i % 3) switch
                {
                    0 => random.NextInt64(1L << 48),
                    1 => random.NextInt64(1L << 45),
                    _ => (1L << 48) - 1 - random.NextInt64(1L << 45),
                };
                var exponent = random.Next(-1021, 1023);
                x.Add(Math.ScaleB(BitConverter.Int64BitsToDouble(start + offset), exponent));
            }
        }

        AssertWithinOneUlp(x.Where(v => v > 0 && double.IsFinite(v)).ToArray());
    }

    [Fact]
    public void Special_values_are_those_of_Math_Log()
    {
        double[] special =
        [
            0.0, -0.0, double.Epsilon, 2 * double.Epsilon, 1e-310, BitConverter.UInt64BitsToDouble(0x000FFFFFFFFFFFFF),
            2.2250738585072014e-308, 1.0, 2.0, 0.5, double.MaxValue,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN, -1.0, -1e-300, -double.Epsilon,
            double.MaxValue / 3, Math.E, 0.734375, 1.46875,
        ];
        for (var shift = 0; shift < 8; shift++)
        {
            // Each special value in each lane, the others ordinary.
            var x = Enumerable.Range(0, special.Length + 8).Select(i => 1.0 + i / 16.0).ToArray();
            for (var i = 0; i < special.Length; i++)
            {
                x[(i * 8 + shift) % x.Length] = special[i];
            }

            var y = (double[])x.Clone();
            NaturalLogarithm.InPlace<double>(y);
            for (var i = 0; i < x.Length; i++)
            {
                var expected = Math.Log(x[i]);
                if (double.IsNaN(expected))
                {
                    Assert.True(double.IsNaN(y[i]), $"ln({x[i]:R}) gave {y[i]:R}, expected NaN");
                }
                else if (!double.IsFinite(expected))
                {
                    Assert.Equal(expected, y[i]);
                }
                else if (NaturalLogarithm.IsTableDriven)
                {
                    Assert.True(UlpDistance(y[i], expected) <= 1, $"ln({x[i]:R}) gave {y[i]:R}, Math.Log {expected:R}");
                }
            }
        }
    }

    [Fact]
    public void Subnormals_beside_normal_lanes_are_within_one_ulp()
    {
        // Every subnormal binade, mixed into vectors of ordinary values, and whole vectors of subnormals.
        var x = new List<double>();
        for (var bit = 0; bit < 52; bit++)
        {
            x.Add(BitConverter.UInt64BitsToDouble(1UL << bit));
            x.Add(BitConverter.UInt64BitsToDouble((1UL << bit) | 1));
            x.Add(BitConverter.UInt64BitsToDouble((1UL << (bit + 1)) - 1));
            x.Add(0.75 + bit);
        }

        AssertWithinOneUlp(x.ToArray());
    }

    [Fact]
    public void Float_takes_the_runtimes_logarithm()
    {
        var x = new[] { 0.0f, 1e-40f, 0.5f, 1.0f, 3.0f, 1e30f, float.PositiveInfinity, float.NaN, 7.5f, 9.0f, 1.0001f };
        var expected = new float[x.Length];
        TensorPrimitives.Log<float>(x, expected);
        NaturalLogarithm.InPlace<float>(x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void Abnormal_marks_exactly_the_lanes_Of_checks_and_the_unchecked_logarithm_agrees_elsewhere()
    {
        if (!NaturalLogarithm.IsTableDriven)
            return;

        double[] values =
        [
            1.0, 0.5, 2.0, 1e-300, 1e300, double.Epsilon, 2.2250738585072014E-308, 2.2250738585072009E-308,
            0.0, -0.0, -1.0, double.PositiveInfinity, double.NaN, double.MaxValue, 3.7, 1e-7,
        ];
        var normal = new[] { true, true, true, true, true, false, true, false, false, false, false, false, false, true, true, true };
        for (var start = 0; start < values.Length; start += 8)
        {
            var x = System.Runtime.Intrinsics.Vector512.Create(values.AsSpan(start, 8));
            var abnormal = NaturalLogarithm.Abnormal(x);
            var unchecked_ = NaturalLogarithm.OfNormalLanes(x);
            var checked_ = NaturalLogarithm.Of(x);
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal(!normal[start + i], abnormal[i] != 0);
                if (normal[start + i])
                    Assert.Equal(checked_[i], unchecked_[i]);
            }
        }
    }

    private static void AssertWithinOneUlp(double[] x)
    {
        var y = (double[])x.Clone();
        NaturalLogarithm.InPlace<double>(y);
        long worst = 0;
        var worstAt = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var distance = UlpDistance(y[i], Math.Log(x[i]));
            if (distance > worst)
            {
                worst = distance;
                worstAt = i;
            }
        }

        // The runtime's logarithm, where AVX-512 is absent, is not held to this bound.
        if (NaturalLogarithm.IsTableDriven)
        {
            Assert.True(worst <= 1,
                $"ln({x[worstAt]:R}) = {y[worstAt]:R}, Math.Log gives {Math.Log(x[worstAt]):R}: {worst} ulp apart");
        }
    }

    // Distance in representable doubles, across zero too.
    private static long UlpDistance(double a, double b)
    {
        if (a == b)
        {
            return 0;
        }

        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return long.MaxValue;
        }

        static long Ordered(double v)
        {
            var bits = BitConverter.DoubleToInt64Bits(v);
            return bits < 0 ? long.MinValue - bits : bits;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }
}
