using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

/// <summary>LAPACK's dgesdd through the native backends against Math.NET's full SVD, and the managed fallback.</summary>
[Collection(NativeBlasCollection.Name)]
public sealed class ThinSvdTests
{
    public static TheoryData<BlasBackend, int, int, int> Shapes()
    {
        var data = new TheoryData<BlasBackend, int, int, int>();
        foreach (var backend in new[] { BlasBackend.OpenBlas, BlasBackend.Mkl })
        {
            // rows, columns, rank of the matrix (min(rows, columns): full rank)
            data.Add(backend, 25, 700, 25);    // wide, as structure's barwise matrix (bars × 7680)
            data.Add(backend, 700, 25, 25);    // tall
            data.Add(backend, 40, 40, 40);     // square
            data.Add(backend, 30, 500, 7);     // wide, rank-deficient
            data.Add(backend, 500, 30, 7);     // tall, rank-deficient
            data.Add(backend, 35, 35, 12);     // square, rank-deficient
        }

        return data;
    }

    private static Matrix<double> Random(int rows, int columns, int rank, int seed)
    {
        var random = new Random(seed);
        var a = Matrix<double>.Build.Dense(rows, rank, (_, _) => random.NextDouble() - 0.5);
        var b = Matrix<double>.Build.Dense(rank, columns, (_, _) => random.NextDouble() - 0.5);
        return a * b;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Native_thin_svd_matches_the_full_svd_of_math_net(BlasBackend backend, int rows, int columns, int rank)
    {
        if (!Blas.TryCreate(backend, 1, out var blas, out _))
            return;   // NativeBlasTests checks how a missing backend fails
        var v = Random(rows, columns, rank, seed: rows + columns + rank);
        int p = Math.Min(rows, columns);
        var a = v.ToColumnMajorArray();
        var s = new double[p];
        var u = new double[rows * p];
        var vt = new double[p * columns];
        Assert.True(blas!.TryThinSvd(rows, columns, a, s, u, vt));

        var full = v.Svd(computeVectors: true);
        var scale = full.S[0];
        for (var j = 0; j < p; j++)
            Assert.Equal(full.S[j], s[j], 1e-12 * scale);

        var uMatrix = ColumnMajor.Wrap(rows, p, u);
        var vtMatrix = ColumnMajor.Wrap(p, columns, vt);
        // U S Vᵀ gives V back, and U and V have orthonormal columns, also where S has zeros (rank-deficient).
        var product = uMatrix * Matrix<double>.Build.DiagonalOfDiagonalArray(s) * vtMatrix;
        Assert.InRange((product - v).FrobeniusNorm(), 0, 1e-12 * scale * p);
        Assert.InRange((uMatrix.TransposeThisAndMultiply(uMatrix) - Matrix<double>.Build.DenseIdentity(p)).FrobeniusNorm(), 0, 1e-12 * p);
        Assert.InRange((vtMatrix.TransposeAndMultiply(vtMatrix) - Matrix<double>.Build.DenseIdentity(p)).FrobeniusNorm(), 0, 1e-12 * p);
        // Each triplet of a nonzero singular value up to a joint sign (u_j v_jᵀ is sign-free; the random
        // matrices' singular values are distinct).
        for (var j = 0; j < rank; j++)
        {
            var outer = uMatrix.Column(j).OuterProduct(vtMatrix.Row(j));
            var expected = full.U.Column(j).OuterProduct(full.VT.Row(j));
            Assert.InRange((outer - expected).FrobeniusNorm(), 0, 1e-9);
        }
    }

    [Fact]
    public void The_managed_backend_has_no_lapack_so_the_exact_svd_falls_back_to_math_net()
    {
        var v = Random(20, 600, 20, seed: 1);
        Assert.False(((IBlas)new ManagedBlas()).TryThinSvd(20, 600, v.ToColumnMajorArray(), new double[20], new double[400], new double[12000]));
        var (u, s, vt) = TruncatedSvd.Compute(v, 6, seed: 0, new ManagedBlas(), exact: true);
        var full = v.Svd(computeVectors: true);
        for (var j = 0; j < 6; j++)
        {
            Assert.Equal(full.S[j], s[j], 1e-12 * full.S[0]);
            Assert.InRange((u.Column(j).OuterProduct(vt.Row(j)) - full.U.Column(j).OuterProduct(full.VT.Row(j))).FrobeniusNorm(), 0, 1e-9);
        }
    }

    [Theory]
    [InlineData(BlasBackend.OpenBlas, 25, 700)]
    [InlineData(BlasBackend.OpenBlas, 700, 25)]
    [InlineData(BlasBackend.OpenBlas, 60, 50)]
    [InlineData(BlasBackend.Mkl, 25, 700)]
    public void Nnfac_nndsvd_through_lapack_matches_the_managed_start(BlasBackend backend, int rows, int columns)
    {
        // nn_fac's NNDSVD is sign-free (magnitudes for the first pair, the larger parts' product for the others),
        // so LAPACK's signs and rounding give the same start to rounding.
        if (!Blas.TryCreate(backend, 1, out var blas, out _))
            return;
        var v = TestData.SpectrogramLike(rows, columns, rank: 8, seed: 11);
        var request = new InitialisationRequest { Rank = 6 };
        var (wm, hm) = new NnFacNndsvdInitialisation(exactSvd: true).Create(v, request, new ManagedBlas());
        var (wn, hn) = new NnFacNndsvdInitialisation(exactSvd: true).Create(v, request, blas!);
        Assert.InRange(SklearnFixture.RelativeError(wn, wm), 0, 1e-10);
        Assert.InRange(SklearnFixture.RelativeError(hn, hm), 0, 1e-10);
    }

    [Theory]
    [InlineData(BlasBackend.OpenBlas)]
    [InlineData(BlasBackend.Mkl)]
    public void Precise_svd_above_the_managed_exact_limit_takes_lapack_and_matches_subspace_iteration(BlasBackend backend)
    {
        // 60 × 6000: F·T·min(F,T) = 2.2e7, above ExactWorkLimit and below LapackWorkLimit (a 60-bar song's shape).
        if (!Blas.TryCreate(backend, 1, out var blas, out _))
            return;
        var v = TestData.SpectrogramLike(60, 6000, rank: 12, seed: 4);
        Assert.InRange(60.0 * 6000 * 60, TruncatedSvd.ExactWorkLimit, TruncatedSvd.LapackWorkLimit);
        const int rank = 8;
        var (u, s, vt) = TruncatedSvd.Precise(v, rank, seed: 0, blas!);
        var (us, ss, vts) = TruncatedSvd.Precise(v, rank, seed: 0, new ManagedBlas());   // subspace iteration
        var lapack = new double[60 * 60];
        Assert.True(blas!.TryThinSvd(60, 6000, v.ToColumnMajorArray(), new double[60], lapack, new double[60 * 6000]));
        for (var j = 0; j < rank; j++)
        {
            Assert.Equal(ss[j], s[j], 1e-12 * ss[0]);
            Assert.InRange((u.Column(j).OuterProduct(vt.Row(j)) - us.Column(j).OuterProduct(vts.Row(j))).FrobeniusNorm(), 0, 1e-9);
            // the triplets are LAPACK's own, signs included
            for (var i = 0; i < 60; i++)
                Assert.Equal(lapack[j * 60 + i], u[i, j]);
        }
    }
}
