using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// The β=1 ratio pass that also adds up the loss's V terms: its ratio is the same bits as the pass without the
/// loss (the iterates do not see the logarithm), and its sum is Σ_{V &gt; eps32} V·ln(V/WHc) with Math.Log, also
/// with zeros in V (excluded) and in WH (clamped), and lengths that leave a scalar tail.
/// </summary>
public sealed class KullbackLeiblerLossKernelTests
{
    private const double Eps = 1.1920928955078125e-07;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1024)]
    [InlineData(3001)]
    [InlineData(40_003)]
    public void Ratio_is_unchanged_and_the_sum_is_that_of_Math_Log(int length)
    {
        var random = new Random(length);
        var v = new double[length];
        var wh = new double[length];
        for (var i = 0; i < length; i++)
        {
            v[i] = (i % 13) switch
            {
                0 => 0.0,
                1 => 1e-9,                                         // below eps32: excluded
                2 => 1e-310,                                       // subnormal, excluded too
                _ => Math.Exp((random.NextDouble() - 0.5) * 40.0),
            };
            wh[i] = (i % 11) switch
            {
                0 => 0.0,                                          // clamped to eps32
                1 => 5e-324,
                _ => v[i] * (0.25 + random.NextDouble()) + 1e-12,
            };
        }

        var withLoss = new double[length];
        var plain = new double[length];
        var sum = MultiplicativeUpdateKernels.KullbackLeiblerWithLoss<double>(v, wh, withLoss, Eps);
        MultiplicativeUpdateKernels.KullbackLeibler<double>(v, wh, plain, Eps);

        Assert.Equal(plain, withLoss);
        double expected = 0, magnitude = 0;
        for (var i = 0; i < length; i++)
        {
            if (v[i] > Eps)
            {
                var term = v[i] * Math.Log(v[i] / Math.Max(wh[i], Eps));
                expected += term;
                magnitude += Math.Abs(term);
            }
        }

        Assert.True(Math.Abs(sum - expected) <= 1e-14 * magnitude + 1e-300,
                    $"length {length}: sum {sum:R}, expected {expected:R}");
    }

    [Fact]
    public void A_chunk_with_a_subnormal_ratio_takes_the_checked_logarithm()
    {
        // Kept entries (V > eps32) whose ratio V/WH is subnormal, in the second chunk of 1024 entries only: that chunk
        // is summed again with the checked logarithm; the logarithm without the check is wrong on subnormal lanes.
        const int length = 3 * 1024;
        var v = new double[length];
        var wh = new double[length];
        for (var i = 0; i < length; i++)
        {
            v[i] = 1.0 + i % 7;
            wh[i] = 0.5 + i % 5;
        }

        v[1500] = 1e-6;
        wh[1500] = 1e303;                                           // ratio 1e-309
        v[1777] = 2e-6;
        wh[1777] = 4e305;                                           // ratio 5e-312

        var ratio = new double[length];
        var sum = MultiplicativeUpdateKernels.KullbackLeiblerWithLoss<double>(v, wh, ratio, Eps);
        double expected = 0, magnitude = 0;
        for (var i = 0; i < length; i++)
        {
            var term = v[i] * Math.Log(v[i] / Math.Max(wh[i], Eps));
            expected += term;
            magnitude += Math.Abs(term);
        }

        Assert.True(Math.Abs(sum - expected) <= 1e-14 * magnitude, $"sum {sum:R}, expected {expected:R}");
    }

    [Fact]
    public void Float_keeps_its_own_path()
    {
        var v = new[] { 0.0f, 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f };
        var wh = new[] { 1.0f, 0.0f, 2.5f, 3.0f, 1.0f, 5.0f, 6.5f, 7.0f, 8.0f, 0.5f, 10.0f };
        var ratio = new float[v.Length];
        var sum = MultiplicativeUpdateKernels.KullbackLeiblerWithLoss<float>(v, wh, ratio, (float)Eps);
        double expected = 0;
        for (var i = 1; i < v.Length; i++)
        {
            expected += v[i] * Math.Log(v[i] / Math.Max(wh[i], (float)Eps));
        }

        Assert.Equal(expected, sum, 1e-4);
    }
}
