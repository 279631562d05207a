using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

public class ActivationTotalsTests
{
    // The sums the solvers took before: one running total per component, the entries added in time order.
    private static T[] InTimeOrder<T>(T[] h, int rank)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var total = new T[rank];
        for (var t = 0; t < h.Length / rank; t++)
            for (var c = 0; c < rank; c++)
                total[c] += h[t * rank + c];
        return total;
    }

    // Entries spread over many magnitudes, so that any other order of the adds would round differently.
    private static double[] Activations(int rank, int columns, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rank * columns).Select(_ => random.NextDouble() * Math.Pow(10, random.Next(-8, 8))).ToArray();
    }

    [Theory]
    [InlineData(1, 50)]
    [InlineData(3, 1000)]
    [InlineData(4, 777)]
    [InlineData(10, 7680)]   // a structure track's H
    [InlineData(13, 301)]
    [InlineData(17, 64)]     // more than four vectors: two passes
    [InlineData(88, 500)]
    public void Totals_are_the_time_ordered_sums_to_the_bit(int rank, int columns)
    {
        var h = Activations(rank, columns, rank * 31 + columns);
        var expected = InTimeOrder(h, rank);

        var total = new double[rank];
        ActivationTotals.Sum<double>(h, rank, total);
        var inDouble = new double[rank];
        ActivationTotals.SumInDouble<double>(h, rank, inDouble);

        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), total.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), inDouble.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(10, 999)]
    [InlineData(88, 200)]
    public void Float_totals_are_the_time_ordered_sums_in_float_and_in_double(int rank, int columns)
    {
        var h = Activations(rank, columns, 7).Select(x => (float)x).ToArray();
        var expected = InTimeOrder(h, rank);
        var expectedInDouble = new double[rank];
        for (var t = 0; t < columns; t++)
            for (var c = 0; c < rank; c++)
                expectedInDouble[c] += h[t * rank + c];

        var total = new float[rank];
        ActivationTotals.Sum<float>(h, rank, total);
        var inDouble = new double[rank];
        ActivationTotals.SumInDouble<float>(h, rank, inDouble);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), total.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedInDouble.Select(BitConverter.DoubleToInt64Bits), inDouble.Select(BitConverter.DoubleToInt64Bits));
    }
}
