using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

[Collection(NativeBlasCollection.Name)]
public sealed class NativeBlasTests
{
    public static TheoryData<BlasBackend, bool, bool> NativeBackendsAndTransposes()
    {
        var data = new TheoryData<BlasBackend, bool, bool>();
        foreach (var backend in new[] { BlasBackend.OpenBlas, BlasBackend.Mkl })
            foreach (var transA in new[] { false, true })
                foreach (var transB in new[] { false, true })
                    data.Add(backend, transA, transB);
        return data;
    }

    /// <summary>The backend, or (when it cannot load here) proof that asking for it fails as documented.</summary>
    private static IBlas? CreateOrCheckUnavailable(BlasBackend backend, int threads = 1)
    {
        if (Blas.TryCreate(backend, threads, out var blas, out _))
            return blas;
        var error = Assert.Throws<BlasUnavailableException>(() => Blas.Create(backend, threads, _ => null));
        Assert.Contains(Blas.DebianPackage(backend), error.Message);
        return null;
    }

    [Theory]
    [MemberData(nameof(NativeBackendsAndTransposes))]
    public void Native_gemm_matches_managed_in_double(BlasBackend backend, bool transA, bool transB)
    {
        var blas = CreateOrCheckUnavailable(backend);
        if (blas is null)
            return;
        var problem = GemmProblem.Random(transA, transB, seed: 1);
        var expected = problem.Solve(new ManagedBlas());
        Assert.True(GemmProblem.RelativeError(problem.Solve(blas), expected) < 1e-12);
    }

    [Theory]
    [InlineData(BlasBackend.OpenBlas)]
    [InlineData(BlasBackend.Mkl)]
    [InlineData(BlasBackend.Managed)]
    public void Gemm_on_slices_of_larger_arrays_gives_the_bits_of_gemm_on_the_slices_copied(BlasBackend backend)
    {
        // MU's column blocks: B a run of columns of H (K×T), C a run of columns of H's numerator, both in place.
        if (CreateOrCheckUnavailable(backend) is not { } blas)
            return;
        var random = new Random(3);
        const int rows = 25, rank = 10, start = 37, count = 61, columns = 150;
        double[] Random(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * Math.Pow(10, random.Next(-6, 6))).ToArray();
        var w = Random(rows * rank);
        var h = Random(rank * columns);
        var x = Random(rows * count);
        var hBlock = h.AsSpan(start * rank, count * rank).ToArray();

        var expectedWh = new double[rows * count];
        blas.Gemm(false, false, rows, count, rank, 1.0, w, hBlock, 0.0, expectedWh);
        var wh = new double[rows * count];
        blas.GemmSlices(false, false, rows, count, rank, 1.0, w, h.AsSpan(start * rank, count * rank), 0.0, wh);
        Assert.Equal(expectedWh, wh);

        var expectedNumerator = Random(rank * count);
        var numerator = Random(rank * columns);
        var before = (double[])numerator.Clone();
        blas.Gemm(true, false, rank, count, rows, 1.0, w, x, 0.0, expectedNumerator);
        blas.GemmSlices(true, false, rank, count, rows, 1.0, w, x, 0.0, numerator.AsSpan(start * rank, count * rank));
        Assert.Equal(expectedNumerator, numerator.AsSpan(start * rank, count * rank).ToArray());
        Assert.Equal(before[..(start * rank)], numerator[..(start * rank)]);                          // nothing outside the slice
        Assert.Equal(before[((start + count) * rank)..], numerator[((start + count) * rank)..]);
    }

    [Theory]
    [MemberData(nameof(NativeBackendsAndTransposes))]
    public void Native_gemm_matches_managed_in_float(BlasBackend backend, bool transA, bool transB)
    {
        var blas = CreateOrCheckUnavailable(backend);
        if (blas is null)
            return;
        var problem = GemmProblem.Random(transA, transB, seed: 2);
        var expected = problem.Solve32(new ManagedBlas()).Select(x => (double)x).ToArray();
        var actual = problem.Solve32(blas).Select(x => (double)x).ToArray();
        Assert.True(GemmProblem.RelativeError(actual, expected) < 1e-5);
    }

    [Theory]
    [InlineData(BlasBackend.OpenBlas, false)]
    [InlineData(BlasBackend.OpenBlas, true)]
    [InlineData(BlasBackend.Mkl, false)]
    [InlineData(BlasBackend.Mkl, true)]
    public void Native_gram_is_the_full_symmetric_product(BlasBackend backend, bool transpose)
    {
        var blas = CreateOrCheckUnavailable(backend);
        if (blas is null)
            return;
        var random = new Random(5);
        const int n = 7, k = 31;
        var a = Enumerable.Range(0, n * k).Select(_ => random.NextDouble()).ToArray();
        var expected = new double[n * n];
        new ManagedBlas().Gemm(transpose, !transpose, n, n, k, 1.0, a, a, 0.0, expected);
        var actual = Enumerable.Repeat(double.NaN, n * n).ToArray();  // every entry must be written
        var single = Enumerable.Repeat(float.NaN, n * n).ToArray();

        blas.Gram(transpose, n, k, a, actual);
        blas.Gram(transpose, n, k, a.Select(x => (float)x).ToArray(), single);

        Assert.True(GemmProblem.RelativeError(actual, expected) < 1e-12);
        Assert.True(GemmProblem.RelativeError(single.Select(x => (double)x).ToArray(), expected) < 1e-5);
        var empty = Enumerable.Repeat(1.0, n * n).ToArray();
        blas.Gram(transpose, n, 0, [], empty);
        Assert.All(empty, x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void OpenBlas_is_installed_on_the_test_machine()
    {
        // test.sh installs libopenblas0-pthread: without it the native path would go untested.
        Assert.True(Blas.TryCreate(BlasBackend.OpenBlas, 1, out var blas, out var failure), failure);
        Assert.Equal("openblas", blas.Name);
        Assert.Matches(@"^openblas \(\d+\.\d+\.\d+, 1 thread\)$", blas.Description);
    }

    [Theory]
    [InlineData(BlasBackend.OpenBlas)]
    [InlineData(BlasBackend.Mkl)]
    public void Native_backend_uses_the_threads_asked_for(BlasBackend backend)
    {
        if (CreateOrCheckUnavailable(backend, 2) is not { } two)
            return;
        if (backend == BlasBackend.Mkl && string.Equals(System.Environment.GetEnvironmentVariable("MKL_THREADING_LAYER"), "sequential", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal(1, two.Threads); // the user chose MKL's sequential layer: one thread, and it says so
            return;
        }
        Assert.Equal(2, two.Threads);
        Assert.Contains("2 threads", two.Description);
        var one = Blas.Create(backend, 1, _ => null);
        Assert.Equal(1, one.Threads);
        Assert.Equal(1, two.Threads); // process-wide: the last backend created sets the count
    }

    [Fact]
    public void Mkl_loads_with_its_version_when_installed_or_names_its_package_when_not()
    {
        if (Blas.TryCreate(BlasBackend.Mkl, 1, out var mkl, out var failure))
        {
            Assert.Equal("mkl", mkl.Name);
            Assert.Matches(@"^mkl \(\d{4}\.[\d.]+, 1 thread\)$", mkl.Description);
        }
        else
        {
            Assert.Contains("libmkl_rt", failure);
            var error = Assert.Throws<BlasUnavailableException>(() => Blas.Create(BlasBackend.Mkl, 1, _ => null));
            Assert.Contains("libmkl-rt", error.Message);
            Assert.Contains("non-free", error.Message);
            Assert.Equal(BlasBackend.Mkl, error.Backend);
        }
    }

    [Theory]
    [InlineData(BlasBackend.OpenBlas)]
    [InlineData(BlasBackend.Mkl)]
    [InlineData(BlasBackend.Managed)]
    public void Gemm_with_empty_inner_dimension_scales_c_by_beta(BlasBackend backend)
    {
        if (CreateOrCheckUnavailable(backend) is not { } blas)
            return;
        var c = new[] { 1.0, 2.0, 3.0, 4.0 };
        blas.Gemm(false, false, 2, 2, 0, 1.0, [], [], 0.5, c);
        Assert.Equal(new[] { 0.5, 1.0, 1.5, 2.0 }, c);
    }

    [Theory]
    [InlineData(BlasBackend.OpenBlas)]
    [InlineData(BlasBackend.Mkl)]
    public void Native_gemm_rejects_an_array_shorter_than_its_shape(BlasBackend backend)
    {
        if (CreateOrCheckUnavailable(backend) is not { } blas)
            return;
        var error = Assert.Throws<ArgumentException>(
            () => blas.Gemm(false, false, 3, 2, 4, 1.0, new double[11], new double[8], 0.0, new double[6]));
        Assert.Equal("a", error.ParamName);
        Assert.Contains("3×4", error.Message);
        var floatError = Assert.Throws<ArgumentException>(
            () => blas.Gemm(false, true, 3, 2, 4, 1f, new float[12], new float[8], 0f, new float[5]));
        Assert.Equal("c", floatError.ParamName);
    }

    [Theory]
    [InlineData(BlasBackend.OpenBlas, 0.0)]
    [InlineData(BlasBackend.OpenBlas, 1.0)]
    [InlineData(BlasBackend.OpenBlas, 2.0)]
    [InlineData(BlasBackend.Mkl, 1.0)]
    public void Multiplicative_update_on_a_native_backend_matches_managed(BlasBackend backend, double beta)
    {
        if (CreateOrCheckUnavailable(backend) is not { } blas)
            return;
        var random = new Random(3);
        var v = Matrix<double>.Build.Dense(24, 31, (_, _) => random.NextDouble() + 0.1);
        var w0 = Matrix<double>.Build.Dense(24, 4, (_, _) => random.NextDouble());
        var h0 = Matrix<double>.Build.Dense(4, 31, (_, _) => random.NextDouble());
        var options = new NmfOptions { Rank = 4, Beta = beta, MaxIterations = 30, Tolerance = 0 };
        var expected = new MultiplicativeUpdate().Run(v, w0, h0, options, new ManagedBlas());
        var actual = new MultiplicativeUpdate().Run(v, w0, h0, options, blas);
        Assert.Equal(blas.Name, actual.Backend);
        Assert.True((actual.W - expected.W).FrobeniusNorm() / expected.W.FrobeniusNorm() < 1e-9);
        Assert.True((actual.H - expected.H).FrobeniusNorm() / expected.H.FrobeniusNorm() < 1e-9);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void A_pooled_product_buffer_left_full_of_NaN_by_an_earlier_user_changes_nothing(double beta)
    {
        if (CreateOrCheckUnavailable(BlasBackend.OpenBlas) is not { } blas)
            return;
        var random = new Random(4);
        var v = Matrix<double>.Build.Dense(24, 31, (_, _) => random.NextDouble() + 0.1);
        var w0 = Matrix<double>.Build.Dense(24, 4, (_, _) => random.NextDouble());
        var h0 = Matrix<double>.Build.Dense(4, 31, (_, _) => random.NextDouble());
        var options = new NmfOptions { Rank = 4, Beta = beta, MaxIterations = 20, Tolerance = 0 };
        var expected = new MultiplicativeUpdate().Run(v, w0, h0, options, new ManagedBlas());
        // The shared pool hands this thread back the array it returned last: the solver's WH buffer.
        var stale = System.Buffers.ArrayPool<double>.Shared.Rent(24 * 31);
        Array.Fill(stale, double.NaN);
        System.Buffers.ArrayPool<double>.Shared.Return(stale);

        var actual = new MultiplicativeUpdate().Run(v, w0, h0, options, blas);

        Assert.True((actual.W - expected.W).FrobeniusNorm() / expected.W.FrobeniusNorm() < 1e-9);
        Assert.True(Math.Abs(actual.Loss - expected.Loss) <= 1e-9 * expected.Loss);
    }
}
