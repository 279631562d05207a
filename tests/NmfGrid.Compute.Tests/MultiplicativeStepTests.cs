using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Compute.Tests;

public class MultiplicativeStepTests
{
    [Theory]
    [InlineData(37)]   // a tail after the SIMD loop
    [InlineData(64)]
    public void A_denominator_per_column_gives_the_same_bits_as_the_filled_one(int rows)
    {
        // β=1's W update: the denominator is rowsum(H)[c] down column c; one column's sum is 0 (→ eps32).
        var random = new Random(5);
        const int rank = 4;
        var factor = Enumerable.Range(0, rows * rank).Select(_ => random.NextDouble()).ToArray();
        var numerator = Enumerable.Range(0, rows * rank).Select(_ => random.NextDouble() * 3).ToArray();
        double[] sums = [2.5, 0.0, 1e-3, 7.0];
        var filled = sums.SelectMany(s => Enumerable.Repeat(s, rows)).ToArray();
        var expected = (double[])factor.Clone();
        MultiplicativeStep.Apply(expected, numerator, filled, rows, 1.0, 0, 0, zeroTiny: false, isFixedColumn: null);

        MultiplicativeStep.PlainByColumn<double>(factor, numerator, sums, rows, MultiplicativeUpdate.Eps32, 0.0);

        Assert.Equal(expected, factor);
    }
}
