using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;
using NmfGrid.Compute.Tests.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// β=1 MU's fused pass for a short, wide V under nn_fac's rule (<see cref="ShortWideKullbackLeibler"/>): against its
/// plain definition, written out here one entry at a time in the order the kernel documents, to the bit; and the
/// solver that takes it against the managed whole-matrix path. Only where the pass runs (AVX-512).
/// </summary>
[Collection(NativeBlasCollection.Name)]
public sealed class ShortWideKullbackLeiblerTests
{
    private const double Eps32 = MultiplicativeUpdate.Eps32;
    private const double Eps64 = MultiplicativeUpdate.Eps64;

    /// <summary>What the pass gives, formed entry by entry: H after the update, W's numerator, rowsum(H), the loss.</summary>
    private sealed record Plain(double[] H, double[] NumeratorW, double[] Totals, double Loss);

    // V, W, H (column-major) with entries over several magnitudes, some V at 0 and below eps32 (not kept by the loss),
    // and one H entry that the update sends below eps64.
    private static (double[] V, double[] W, double[] H) Data(int rows, int columns, int rank, int seed)
    {
        var random = new Random(seed);
        var v = Enumerable.Range(0, rows * columns).Select(_ => random.Next(10) == 0 ? 0.0 : random.NextDouble() * Math.Pow(10, random.Next(-3, 3))).ToArray();
        v[1] = 1e-9;
        var w = Enumerable.Range(0, rows * rank).Select(_ => random.NextDouble() + 0.01).ToArray();
        var h = Enumerable.Range(0, rank * columns).Select(_ => random.NextDouble() * Math.Pow(10, random.Next(-2, 2))).ToArray();
        h[rank * 3] = 1e-300;
        return (v, w, h);
    }

    private static Plain Define(double[] v, double[] w, double[] h, int rows, int columns, int rank, bool updateH)
    {
        const int lanes = 8;
        h = (double[])h.Clone();
        var columnSums = new double[rank];
        for (var k = 0; k < rank; k++)
            for (var f = 0; f < rows; f++)
                columnSums[k] += w[k * rows + f];

        double[] Ratios(int j)
        {
            var ratio = new double[rows];
            for (var f = 0; f < rows; f++)
            {
                var wh = 0.0;
                for (var k = 0; k < rank; k++)
                    wh = Math.FusedMultiplyAdd(w[k * rows + f], h[j * rank + k], wh);   // ascending k, from 0
                ratio[f] = v[j * rows + f] / Math.Max(wh, Eps32);
            }

            return ratio;
        }

        var numeratorLanes = new double[rows * rank * lanes];
        var totalLanes = new double[rank * lanes];
        var logLanes = new double[lanes];
        for (var j = 0; j < columns; j++)
        {
            if (updateH)
            {
                var ratio = Ratios(j);
                for (var k = 0; k < rank; k++)
                {
                    var numerator = 0.0;
                    for (var f = 0; f < rows; f++)
                        numerator = Math.FusedMultiplyAdd(w[k * rows + f], ratio[f], numerator); // ascending f, from 0
                    var updated = h[j * rank + k] * (numerator / (columnSums[k] == 0 ? 1.0 : columnSums[k]));
                    h[j * rank + k] = updated < Eps64 ? 0.0 : updated;
                }
            }

            var lane = j % lanes;                                                          // column j's lane
            for (var k = 0; k < rank; k++)
                totalLanes[k * lanes + lane] += h[j * rank + k];
            var after = Ratios(j);
            var logs = 0.0;
            for (var f = 0; f < rows; f++)
            {
                var x = v[j * rows + f];
                if (x > Eps32)
                    logs += x * Math.Log(after[f]);
                for (var k = 0; k < rank; k++)
                {
                    var at = (f * rank + k) * lanes + lane;
                    numeratorLanes[at] = Math.FusedMultiplyAdd(after[f], h[j * rank + k], numeratorLanes[at]);
                }
            }

            logLanes[lane] += logs;
        }

        static double LaneSum(double[] values, int start)
        {
            var sum = 0.0;
            for (var l = 0; l < lanes; l++)
                sum += values[start + l];                                                  // lanes in order
            return sum;
        }

        var numeratorW = new double[rows * rank];
        for (var f = 0; f < rows; f++)
            for (var k = 0; k < rank; k++)
                numeratorW[k * rows + f] = LaneSum(numeratorLanes, (f * rank + k) * lanes);
        var totals = Enumerable.Range(0, rank).Select(k => LaneSum(totalLanes, k * lanes)).ToArray();
        var sumWH = 0.0;
        for (var k = 0; k < rank; k++)
            sumWH += columnSums[k] * totals[k];
        var sumVKept = v.Where(x => x > Eps32).Sum();
        return new Plain(h, numeratorW, totals, LaneSum(logLanes, 0) + sumWH - sumVKept);
    }

    [Theory]
    [InlineData(25, 1000, 10, true)]   // a structure track's shape (narrower): rows in tiles of 8 and one left over
    [InlineData(25, 1000, 10, false)]
    [InlineData(13, 203, 6, true)]     // columns not a multiple of 8 or of a group's 64; rows 8 + 4 + 1; rank 4 + 2
    [InlineData(20, 77, 3, true)]      // rank below a tile
    [InlineData(45, 130, 11, true)]
    [InlineData(64, 64, 16, false)]
    [InlineData(1, 9, 1, true)]
    public void The_pass_is_its_plain_definition_to_the_bit(int rows, int columns, int rank, bool updateH)
    {
        if (!ShortWideKullbackLeibler.Fits(rows, rank))
            return; // no AVX-512 here: the solver never takes the pass

        var (v, w, h) = Data(rows, columns, rank, rows * 1000 + columns + rank);
        var sumVKept = v.Where(x => x > Eps32).Sum();
        var pass = new ShortWideKullbackLeibler(v, h, rows, columns, rank, sumVKept);
        var expected = Define(v, w, h, rows, columns, rank, updateH);

        var numeratorW = new double[rows * rank];
        var loss = updateH ? pass.UpdateHThenNumeratorOfW(w, numeratorW) : pass.NumeratorOfW(w, numeratorW);
        var stored = new double[rank * columns];
        pass.StoreH(stored);

        Assert.Equal(expected.H, stored);
        Assert.Equal(expected.NumeratorW, numeratorW);
        Assert.Equal(expected.Totals, pass.ActivationTotals.ToArray());
        // The logarithm is NaturalLogarithm's (within an ulp of Math.Log's), so the loss is not to the bit.
        Assert.InRange(Math.Abs(loss - expected.Loss) / Math.Abs(expected.Loss), 0, 1e-13);
        if (updateH)
            Assert.Contains(0.0, stored); // the entry sent below eps64 became 0
    }

    [Fact]
    public void The_solver_that_takes_the_pass_keeps_the_managed_paths_iterates_and_losses()
    {
        var (v, w, h) = Data(rows: 21, columns: 900, rank: 10, seed: 5);
        var vm = Matrix<double>.Build.Dense(21, 900, v);
        var w0 = Matrix<double>.Build.Dense(21, 10, w);
        var h0 = Matrix<double>.Build.Dense(10, 900, h.Select(x => x + 0.1).ToArray());
        var options = new NmfOptions { Rank = 10, Beta = 1, MaxIterations = 40, Tolerance = 0, Stopping = StoppingRule.NnFac };
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, 1, out var blas, out var failure), failure);

        // Blocks of 100 columns with the native BLAS: the short-wide pass where it runs, the blocked path elsewhere.
        var fused = new MultiplicativeUpdate(blockEntries: 21 * 100).Run(vm, w0, h0, options, blas);
        var reference = new MultiplicativeUpdate().Run(vm, w0, h0, options, new ManagedBlas());

        Assert.InRange(SklearnFixture.RelativeError(fused.W, reference.W), 0, 1e-11);
        Assert.InRange(SklearnFixture.RelativeError(fused.H, reference.H), 0, 1e-11);
        Assert.Equal(reference.LossHistory.Select(p => p.Iteration), fused.LossHistory.Select(p => p.Iteration));
        foreach (var (a, b) in fused.LossHistory.Zip(reference.LossHistory))
            Assert.InRange(Math.Abs(a.Loss - b.Loss) / b.Loss, 0, 1e-12);
        var direct = BetaDivergence.Compute(vm, fused.W, fused.H, 1.0, new ManagedBlas());
        Assert.InRange(Math.Abs(fused.Loss - direct) / direct, 0, 1e-12);
    }
}
