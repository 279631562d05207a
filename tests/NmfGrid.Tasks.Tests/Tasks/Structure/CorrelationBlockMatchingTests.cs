using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Structure;

namespace NmfGrid.Tasks.Tests.Tasks.Structure;

public class CorrelationBlockMatchingTests
{
    /// <summary>Ones inside each block, <paramref name="across"/> between blocks.</summary>
    private static Matrix<double> Blocks(double across, params int[] sizes)
    {
        var n = sizes.Sum();
        var block = new int[n];
        for (int b = 0, i = 0; b < sizes.Length; b++)
            for (var k = 0; k < sizes[b]; k++) block[i++] = b;
        return Matrix<double>.Build.Dense(n, n, (i, j) => block[i] == block[j] ? 1 : across);
    }

    [Fact]
    public void Cbm_finds_the_blocks_of_the_reference_example_and_leaves_the_last_bar_out_as_the_seed()
    {
        // mir-tasks §4.4: 28 bars in blocks of 8, 8, 4, 8 → (0,8),(8,16),(16,20),(20,27); the seed's programme stops at N − 1.
        var result = CorrelationBlockMatching.Segment(Blocks(0, 8, 8, 4, 8), new CbmOptions());
        Assert.Equal([(0, 8), (8, 16), (16, 20), (20, 27)], result.Segments);
        // Noise-free: C8 = 56/64; scores 7 + 7 + (3 − ¼·C8) + (6 − C8). The brief's noisy example gives 21.83 and C8 0.8723.
        Assert.Equal(0.875, CorrelationBlockMatching.NormalisationConstant(Blocks(0, 8, 8, 4, 8), 7, 27), 12);
        Assert.Equal(7 + 7 + 3 - 0.25 * 0.875 + 6 - 0.875, result.Score, 10);
    }

    [Fact]
    public void Cbm_with_small_noise_reproduces_the_reference_worked_numbers_approximately()
    {
        var random = new Random(3);
        var a = Blocks(0.05, 8, 8, 4, 8);
        var noisy = Matrix<double>.Build.Dense(28, 28, (i, j) => a[i, j]);
        for (var i = 0; i < 28; i++)
            for (var j = 0; j <= i; j++)
            {
                var v = i == j ? 1 : a[i, j] - 0.05 * random.NextDouble();
                noisy[i, j] = v;
                noisy[j, i] = v;
            }
        var result = CorrelationBlockMatching.Segment(noisy, new CbmOptions());
        Assert.Equal([(0, 8), (8, 16), (16, 20), (20, 27)], result.Segments);
        Assert.InRange(result.Score, 21.3, 22.3);
        Assert.InRange(CorrelationBlockMatching.NormalisationConstant(noisy, 7, 27), 0.84, 0.90);
    }

    [Fact]
    public void Cbm_including_the_last_bar_ends_at_the_last_bar()
    {
        var result = CorrelationBlockMatching.Segment(Blocks(0.1, 8, 8, 4, 8), new CbmOptions { IncludeLastBar = true });
        Assert.Equal([(0, 8), (8, 16), (16, 20), (20, 28)], result.Segments);
    }

    [Fact]
    public void Cbm_finds_unequal_blocks_without_penalty_and_with_the_full_kernel()
    {
        var result = CorrelationBlockMatching.Segment(Blocks(0.2, 3, 5, 6, 2), new CbmOptions { PenaltyWeight = 0, Bands = null, IncludeLastBar = true });
        Assert.Equal([(0, 3), (3, 8), (8, 14), (14, 16)], result.Segments);
    }

    [Fact]
    public void Cbm_never_makes_a_segment_longer_than_max_size()
    {
        var result = CorrelationBlockMatching.Segment(Blocks(0, 12), new CbmOptions { MaxSize = 5, PenaltyWeight = 0, IncludeLastBar = true });
        Assert.All(result.Segments, s => Assert.InRange(s.End - s.Start, 1, 5));
        Assert.Equal(12, result.Segments[^1].End);
    }

    [Fact]
    public void Correlation_divides_the_banded_sum_by_the_squared_length()
    {
        var a = Matrix<double>.Build.Dense(5, 5, (i, j) => 10 * i + j);
        // Band 1 over [1, 4): pairs (1,2),(2,1),(2,3),(3,2) → 12 + 21 + 23 + 32 = 88, / 9.
        Assert.Equal(88.0 / 9, CorrelationBlockMatching.Correlation(a, 1, 4, 1), 12);
    }

    [Fact]
    public void Cbm_rejects_a_non_square_matrix_and_a_zero_min_size()
    {
        Assert.Throws<ArgumentException>(() => CorrelationBlockMatching.Segment(Matrix<double>.Build.Dense(2, 3), new CbmOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => CorrelationBlockMatching.Segment(Blocks(0, 4), new CbmOptions { MinSize = 0 }));
    }

    [Fact]
    public void Band_kernel_of_width_3_and_size_5_is_zero_on_the_diagonal_and_the_far_corners()
    {
        var k = BandKernel.Create(5, 3);
        for (var i = 0; i < 5; i++)
            for (var j = 0; j < 5; j++)
            {
                var expected = i == j || Math.Abs(i - j) > 3 ? 0.0 : 1.0;
                Assert.Equal(expected, k[i, j]);
            }
        Assert.Equal(0, k[0, 4]);
        Assert.Equal(0, k[4, 0]);
        Assert.Equal(1, k[0, 3]);
    }

    [Fact]
    public void Full_kernel_is_ones_off_the_diagonal() =>
        Assert.Equal(20, BandKernel.Create(5, null).Enumerate().Sum());

    [Theory]
    [InlineData(8, 0.0)]
    [InlineData(4, 0.25)]
    [InlineData(16, 0.25)]
    [InlineData(6, 0.5)]
    [InlineData(2, 0.5)]
    [InlineData(7, 1.0)]
    [InlineData(1, 1.0)]
    public void Modulo8_penalty(int p, double expected) => Assert.Equal(expected, SegmentPenalty.Get("modulo8")(p));

    [Theory]
    [InlineData(8, 0.0)]
    [InlineData(4, 0.0)]
    [InlineData(6, 0.5)]
    [InlineData(5, 1.0)]
    public void Modulo4_penalty(int p, double expected) => Assert.Equal(expected, SegmentPenalty.Get("modulo4")(p));

    [Theory]
    [InlineData(8, 0.0)]
    [InlineData(4, 0.25)]
    [InlineData(16, 0.5)]
    [InlineData(12, 0.5)]
    [InlineData(3, 1.0)]
    public void Modulo8modulo4_penalty(int p, double expected) => Assert.Equal(expected, SegmentPenalty.Get("modulo8modulo4")(p));

    [Theory]
    [InlineData("target_deviation_8_alpha_half", 12, 2.0)]
    [InlineData("target_deviation_8_alpha_one", 5, 3.0)]
    [InlineData("target_deviation_8_alpha_two", 5, 9.0)]
    [InlineData("target_deviation_8_alpha_two", 8, 0.0)]
    public void Target_deviation_penalties(string name, int p, double expected) =>
        Assert.Equal(expected, SegmentPenalty.Get(name)(p), 12);

    [Fact]
    public void Unknown_penalty_is_rejected_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => SegmentPenalty.Get("modulo3"));
        Assert.Contains("modulo3", e.Message);
    }

    [Fact]
    public void Foote_novelty_peaks_at_the_block_boundaries()
    {
        var a = Blocks(0, 6, 6, 6);
        var curve = FooteNovelty.Curve(a, 4);
        Assert.True(curve[6] > curve[5] && curve[6] > curve[7]);
        var result = FooteNovelty.Segment(a, 4, 0.1, 18);
        Assert.Equal([(0, 6), (6, 12), (12, 18)], result.Segments);
    }

    [Fact]
    public void Foote_rejects_an_odd_kernel_width() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FooteNovelty.Curve(Blocks(0, 4), 3));
}
