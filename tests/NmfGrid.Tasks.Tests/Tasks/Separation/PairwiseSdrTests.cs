using NmfGrid.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

public class PairwiseSdrTests
{
    [Fact]
    public void ComputeBoth_gives_the_tables_of_two_Compute_calls_bit_for_bit()
    {
        var random = new Random(11);
        double[] Signal(int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var shared = Signal(5000);
        // A silent reference (NaN), a silent estimate (−∞), an estimate equal to a reference (+∞ SNR), a longer
        // reference (cut to the estimate), an estimate that is a scaled reference plus noise.
        double[][] references = [Signal(5000), new double[5000], shared, Signal(6000)];
        double[][] estimates = [Signal(5000), new double[5000], (double[])shared.Clone(), shared.Select(x => 0.3 * x + 1e-3 * random.NextDouble()).ToArray()];

        var (siSdr, snr) = PairwiseSdr.ComputeBoth(references, estimates);

        var expectedSiSdr = PairwiseSdr.Compute(references, estimates, scaling: true);
        var expectedSnr = PairwiseSdr.Compute(references, estimates, scaling: false);
        for (int k = 0; k < estimates.Length; k++)
        for (int j = 0; j < references.Length; j++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expectedSiSdr[k, j]), BitConverter.DoubleToInt64Bits(siSdr[k, j]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expectedSnr[k, j]), BitConverter.DoubleToInt64Bits(snr[k, j]));
        }
        Assert.True(double.IsNaN(snr[0, 1]) && double.IsNegativeInfinity(siSdr[1, 0]) && double.IsPositiveInfinity(snr[2, 2]));
    }
}
