using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;
using NmfGrid.Compute.Tests.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// With more than one BLAS thread, MU's column blocks run in groups, one thread a group, and W's sums are added in
/// group order: the iterates are scikit-learn's to 1e-9 whatever the thread count, and the same from one run to the
/// next. β≠2 blocks form WH and the terms; β=2 blocks (few components) update H and add up V·Hᵀ and H·Hᵀ for the
/// next W update and the loss. Native thread counts are process-wide, hence the collection.
/// </summary>
[Collection(NativeBlasCollection.Name)]
public sealed partial class ParallelColumnBlockTests
{
    public static IEnumerable<object[]> MuCases => SklearnFixture.Named("mu_beta");

    private static NmfOptions OptionsOf(SklearnFixture fixture) => new()
    {
        Rank = fixture.W.ColumnCount, Beta = fixture.Beta, MaxIterations = fixture.Iterations, Tolerance = 0,
        AlphaW = fixture.AlphaW, AlphaH = fixture.AlphaH, L1Ratio = fixture.L1Ratio,
    };

    private static IBlas OpenBlas(int threads)
    {
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, threads, out var blas, out var failure), failure);
        return blas;
    }

    [Theory]
    [MemberData(nameof(MuCases))]
    public void One_two_and_three_threads_give_scikit_learns_iterates(string name)
    {
        var fixture = SklearnFixture.Load(name);
        // Blocks of 3 columns: several blocks for every group, and a narrower last one.
        var mu = new MultiplicativeUpdate(blockEntries: 3 * fixture.V.RowCount);
        var runs = new[] { 1, 2, 3 }.Select(threads => mu.Run(fixture.V, fixture.W0!, fixture.H0!, OptionsOf(fixture), OpenBlas(threads))).ToArray();

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

    [Theory]
    [InlineData("mu_beta0.0_iter50_seed2")]
    [InlineData("mu_beta2.0_iter50_seed2")]
    public void Two_threads_give_the_same_iterates_every_run(string name)
    {
        // The groups' sums are added in group order, so which thread finishes first never shows in the result.
        var fixture = SklearnFixture.Load(name);
        var mu = new MultiplicativeUpdate(blockEntries: 2 * fixture.V.RowCount);
        var first = mu.Run(fixture.V, fixture.W0!, fixture.H0!, OptionsOf(fixture), OpenBlas(2));
        for (var run = 0; run < 5; run++)
        {
            var again = mu.Run(fixture.V, fixture.W0!, fixture.H0!, OptionsOf(fixture), OpenBlas(2));
            Assert.Equal(first.W.ToColumnMajorArray(), again.W.ToColumnMajorArray());
            Assert.Equal(first.H.ToColumnMajorArray(), again.H.ToColumnMajorArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Kl_loss_added_up_in_the_update_pass_is_the_direct_loss_where_V_has_zeros(int threads)
    {
        // nn_fac's stop rule takes the loss every iteration; it comes from the pass that forms V ./ WH, entries with
        // V ≤ eps32 left out of the V terms as scikit-learn does. A V with zeros (whole rows and scattered entries).
        var random = new Random(7);
        var v = Matrix<double>.Build.Dense(23, 41, (i, j) => i == 4 || (i * 7 + j * 3) % 11 == 0 ? 0.0 : random.NextDouble() * 3);
        var w0 = Matrix<double>.Build.Dense(23, 4, (_, _) => 0.1 + random.NextDouble());
        var h0 = Matrix<double>.Build.Dense(4, 41, (_, _) => 0.1 + random.NextDouble());
        var options = new NmfOptions { Rank = 4, Beta = 1, MaxIterations = 6, Tolerance = 0, Stopping = StoppingRule.NnFac };

        var result = new MultiplicativeUpdate(blockEntries: 5 * 23).Run(v, w0, h0, options, OpenBlas(threads));

        var managed = new ManagedBlas();
        var plain = new MultiplicativeUpdate();
        foreach (var point in result.LossHistory)
        {
            var at = point.Iteration == 0 ? (w0, h0) : Reached(plain.Run(v, w0, h0, options with { MaxIterations = point.Iteration }, managed));
            var direct = BetaDivergence.Compute(v, at.Item1, at.Item2, 1.0, managed);
            Assert.InRange(Math.Abs(point.Loss - direct) / direct, 0, 1e-12);
        }

        var single = new MultiplicativeUpdate(blockEntries: 5 * 23).Run(v.Map(x => (float)x), w0.Map(x => (float)x), h0.Map(x => (float)x),
                                                                          options, OpenBlas(threads));
        Assert.All(single.LossHistory.Zip(result.LossHistory),
                   pair => Assert.InRange(Math.Abs(pair.First.Loss - pair.Second.Loss) / pair.Second.Loss, 0, 1e-5));

        static (Matrix<double>, Matrix<double>) Reached(NmfResult<double> run) => (run.W, run.H);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Beta_2_loss_from_the_sums_of_the_blocks_is_the_direct_loss(int threads)
    {
        // β=2 blocks add up V·Hᵀ and H·Hᵀ while they update H; the loss taken after every iteration (nn_fac's rule)
        // comes from those sums, and must be ½‖V − WH‖² at the same iterate, formed directly.
        var fixture = SklearnFixture.Load("mu_beta2.0_iter50_seed2");
        var options = OptionsOf(fixture) with { MaxIterations = 12, Stopping = StoppingRule.NnFac };

        var result = new MultiplicativeUpdate(blockEntries: 3 * fixture.V.RowCount).Run(fixture.V, fixture.W0!, fixture.H0!, options, OpenBlas(threads));

        var managed = new ManagedBlas();
        var plain = new MultiplicativeUpdate();
        Assert.Equal(Enumerable.Range(0, 13), result.LossHistory.Select(p => p.Iteration));
        foreach (var point in result.LossHistory)
        {
            var at = point.Iteration == 0
                ? (fixture.W0!, fixture.H0!)
                : Reached(plain.Run(fixture.V, fixture.W0!, fixture.H0!, options with { MaxIterations = point.Iteration }, managed));
            var direct = BetaDivergence.Compute(fixture.V, at.Item1, at.Item2, 2.0, managed);
            Assert.InRange(Math.Abs(point.Loss - direct) / direct, 0, 1e-9);
        }

        static (Matrix<double>, Matrix<double>) Reached(NmfResult<double> run) => (run.W, run.H);
    }

    [DllImport("libopenblas.so.0", EntryPoint = "openblas_get_num_threads")]
    private static extern int LibraryThreads();

    [Fact]
    public void One_thread_per_product_lowers_the_library_count_until_the_last_scope_ends()
    {
        var blas = OpenBlas(2);
        var outer = blas.OneThreadPerProduct();
        var inner = blas.OneThreadPerProduct();
        Assert.Equal(1, LibraryThreads());
        Assert.Equal(2, blas.Threads);                 // what the caller was given, not what each product uses now
        outer.Dispose();
        outer.Dispose();                               // a second dispose changes nothing
        Assert.Equal(1, LibraryThreads());             // the inner scope is still open
        inner.Dispose();
        Assert.Equal(2, LibraryThreads());
        Assert.Equal(2, blas.Threads);
    }
}
