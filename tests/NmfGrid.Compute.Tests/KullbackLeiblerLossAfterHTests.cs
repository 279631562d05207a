using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tests.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// β=1 MU in column blocks under nn_fac's rule runs each block's H update, then its loss terms and W's numerator for
/// the new H, in one walk over V. Those are the products and passes of the H update followed by the loss pass, so
/// the iterates and the losses are the bits of scikit-learn's rule, which takes them one after the other (and the
/// loss every 10 iterations): compared at every tenth iteration, with one, two and three BLAS threads.
/// </summary>
[Collection(NativeBlasCollection.Name)]
public sealed class KullbackLeiblerLossAfterHTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Nn_fac_rule_gives_the_bits_of_the_update_then_the_loss(int threads)
    {
        const int rows = 37, columns = 230, rank = 6;
        var random = new Random(threads);
        var v = Matrix<double>.Build.Dense(rows, columns, (_, _) => random.Next(9) == 0 ? 0.0 : Math.Exp(4 * random.NextDouble() - 2));
        var w0 = Matrix<double>.Build.Dense(rows, rank, (_, _) => random.NextDouble() + 0.05);
        var h0 = Matrix<double>.Build.Dense(rank, columns, (_, _) => random.NextDouble() + 0.05);
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, threads, out var blas, out var failure), failure);
        var mu = new MultiplicativeUpdate(blockEntries: 17 * rows);   // 14 blocks of 17 columns and a narrower last one

        var nnFac = mu.Run(v, w0, h0, new NmfOptions { Rank = rank, Beta = 1, MaxIterations = 30, Tolerance = 0, Stopping = StoppingRule.NnFac }, blas);
        var scikit = mu.Run(v, w0, h0, new NmfOptions { Rank = rank, Beta = 1, MaxIterations = 30, Tolerance = 0 }, blas);

        Assert.Equal(scikit.W.ToColumnMajorArray(), nnFac.W.ToColumnMajorArray());
        Assert.Equal(scikit.H.ToColumnMajorArray(), nnFac.H.ToColumnMajorArray());
        Assert.Equal(31, nnFac.LossHistory.Count);                    // the start and every iteration
        foreach (var point in scikit.LossHistory)
        {
            Assert.Equal(point.Loss, nnFac.LossHistory.Single(p => p.Iteration == point.Iteration).Loss);
        }

        var losses = nnFac.LossHistory.Select(p => p.Loss).ToArray();
        Assert.All(losses.Zip(losses.Skip(1)), pair => Assert.True(pair.Second <= pair.First, "MU's loss never grows"));
    }
}
