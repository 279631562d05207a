using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;
using NmfGrid.Compute.Tests.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// With N &gt; 1 BLAS threads, β=2's whole-matrix iteration is split over N threads of the solver's own (the data
/// products by <see cref="DataProducts{T}"/>, the small products and both steps by runs of columns, H·Hᵀ summed by
/// runs), and the library is held at one thread for the whole run, as it is for the β≠2 column-block groups (whose
/// loss is then summed by blocks). The iterates are the one-thread run's to 1e-12, scikit-learn's to 1e-9.
/// </summary>
[Collection(NativeBlasCollection.Name)]
public sealed class SplitIterationTests
{
    private static IBlas OpenBlas(int threads)
    {
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, threads, out var blas, out var failure), failure);
        return blas;
    }

    [DllImport("libopenblas.so.0", EntryPoint = "openblas_get_num_threads")]
    private static extern int LibraryThreads();

    public static IEnumerable<object[]> Beta2Cases => SklearnFixture.Named("mu_beta2.0");

    [Theory]
    [MemberData(nameof(Beta2Cases))]
    public void Beta_2_split_over_two_and_three_threads_gives_scikit_learns_iterates(string name)
    {
        // The fixtures' V fits in one column block, so β=2 takes the whole-matrix path, split at 2 and 3 threads.
        var fixture = SklearnFixture.Load(name);
        var options = new NmfOptions
        {
            Rank = fixture.W.ColumnCount, Beta = 2, MaxIterations = fixture.Iterations, Tolerance = 0,
            AlphaW = fixture.AlphaW, AlphaH = fixture.AlphaH, L1Ratio = fixture.L1Ratio,
        };
        var runs = new[] { 1, 2, 3 }.Select(threads => new MultiplicativeUpdate().Run(fixture.V, fixture.W0!, fixture.H0!, options, OpenBlas(threads))).ToArray();
        foreach (var (run, threads) in runs.Zip(new[] { 1, 2, 3 }))
        {
            Assert.Equal(threads, run.Threads);
            Assert.InRange(SklearnFixture.RelativeError(run.W, fixture.W), 0, 1e-9);
            Assert.InRange(SklearnFixture.RelativeError(run.H, fixture.H), 0, 1e-9);
            Assert.InRange(SklearnFixture.RelativeError(run.W, runs[0].W), 0, 1e-12);
            Assert.InRange(SklearnFixture.RelativeError(run.H, runs[0].H), 0, 1e-12);
            if (fixture.Loss is { } loss)
                Assert.InRange(Math.Abs(run.Loss - loss) / loss, 0, 1e-9);
        }
    }

    private static (Matrix<double> V, Matrix<double> W0, Matrix<double> H0) Problem(int rows, int columns, int rank, int seed)
    {
        var random = new Random(seed);
        var v = Matrix<double>.Build.Dense(rows, columns, (_, _) => random.NextDouble() * 2);
        var w0 = Matrix<double>.Build.Dense(rows, rank, (_, _) => 0.1 + random.NextDouble());
        var h0 = Matrix<double>.Build.Dense(rank, columns, (_, _) => 0.1 + random.NextDouble());
        return (v, w0, h0);
    }

    [Theory]
    [InlineData(67, 131, 20)]
    [InlineData(53, 97, 88)]
    [InlineData(40, 301, 5)]
    public void Beta_2_split_at_odd_sizes_is_the_one_thread_run(int rows, int columns, int rank)
    {
        // Odd sizes: runs of unequal length, K not a multiple of 8, K above the rows; with the loss every iteration
        // (nn_fac's rule), from the runs' H·Hᵀ, against the direct ½‖V − WH‖² at the same iterate.
        var (v, w0, h0) = Problem(rows, columns, rank, rows + rank);
        var options = new NmfOptions { Rank = rank, Beta = 2, MaxIterations = 15, Tolerance = 0, Stopping = StoppingRule.NnFac };
        var one = new MultiplicativeUpdate().Run(v, w0, h0, options, OpenBlas(1));
        foreach (var threads in new[] { 2, 3 })
        {
            var split = new MultiplicativeUpdate().Run(v, w0, h0, options, OpenBlas(threads));
            Assert.InRange(SklearnFixture.RelativeError(split.W, one.W), 0, 1e-12);
            Assert.InRange(SklearnFixture.RelativeError(split.H, one.H), 0, 1e-12);
            Assert.All(split.LossHistory.Zip(one.LossHistory),
                       pair => Assert.InRange(Math.Abs(pair.First.Loss - pair.Second.Loss) / pair.Second.Loss, 0, 1e-12));
        }

        var last = new MultiplicativeUpdate().Run(v, w0, h0, options, OpenBlas(2));
        var direct = BetaDivergence.Compute(v, last.W, last.H, 2.0, new ManagedBlas());
        Assert.InRange(Math.Abs(last.Loss - direct) / direct, 0, 1e-9);
    }

    [Theory]
    [InlineData(67, 131, 24)]
    [InlineData(71, 203, 88)]
    public void Float_beta_2_split_stays_near_the_one_thread_run(int rows, int columns, int rank)
    {
        // Float at 16 < K ≤ 96: the data products on ThinProduct's own split (each entry summed as on one thread),
        // H·Hᵀ summed by runs: float rounding apart, the one-thread run's iterates.
        var (v, w0, h0) = Problem(rows, columns, rank, rank);
        Matrix<float> F(Matrix<double> m) => m.Map(x => (float)x);
        var options = new NmfOptions { Rank = rank, Beta = 2, MaxIterations = 10, Tolerance = 0 };
        var one = new MultiplicativeUpdate().Run(F(v), F(w0), F(h0), options, OpenBlas(1));
        foreach (var threads in new[] { 2, 3 })
        {
            var split = new MultiplicativeUpdate().Run(F(v), F(w0), F(h0), options, OpenBlas(threads));
            Assert.InRange(SklearnFixture.RelativeError(split.W.Map(x => (double)x), one.W.Map(x => (double)x)), 0, 1e-5);
            Assert.InRange(SklearnFixture.RelativeError(split.H.Map(x => (double)x), one.H.Map(x => (double)x)), 0, 1e-5);
        }
    }

    [Theory]
    [InlineData(2.0, 0)]
    [InlineData(0.0, 40)]
    public void The_library_stays_at_one_thread_for_the_run_and_gets_its_count_back(double beta, int blockColumns)
    {
        // Any product on two threads would wake OpenBLAS's threads, which then spin beside the solver's own.
        var (v, w0, h0) = Problem(50, 400, 20, 3);
        var seen = new List<int>();
        var options = new NmfOptions { Rank = 20, Beta = beta, MaxIterations = 20, Tolerance = 0, OnLoss = (_, _) => seen.Add(LibraryThreads()) };
        var blas = OpenBlas(2);
        var mu = blockColumns == 0 ? new MultiplicativeUpdate() : new MultiplicativeUpdate(blockEntries: blockColumns * 50);
        mu.Run(v, w0, h0, options, blas);
        Assert.Equal(3, seen.Count);
        Assert.All(seen, threads => Assert.Equal(1, threads));
        Assert.Equal(2, LibraryThreads());
        Assert.Equal(2, blas.Threads);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Divergence_summed_by_groups_is_the_direct_one(double beta)
    {
        // β ∉ {1, 2} in groups: the loss from each block's W·H_b and terms, the groups' sums added in group order.
        var (v, w0, h0) = Problem(37, 211, 6, 11);
        var options = new NmfOptions { Rank = 6, Beta = beta, MaxIterations = 5, Tolerance = 0, Stopping = StoppingRule.NnFac };
        var managed = new ManagedBlas();
        foreach (var threads in new[] { 2, 3 })
        {
            var result = new MultiplicativeUpdate(blockEntries: 13 * 37).Run(v, w0, h0, options, OpenBlas(threads));
            foreach (var point in result.LossHistory)
            {
                var at = point.Iteration == 0 ? (w0, h0) : Reached(new MultiplicativeUpdate().Run(v, w0, h0, options with { MaxIterations = point.Iteration }, managed));
                var direct = BetaDivergence.Compute(v, at.Item1, at.Item2, beta, managed);
                Assert.InRange(Math.Abs(point.Loss - direct) / direct, 0, 1e-12);
            }
        }

        static (Matrix<double>, Matrix<double>) Reached(NmfResult<double> run) => (run.W, run.H);
    }
}
