using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

/// <summary>A random C = α·op(A)·op(B) + β·C, solved by the managed provider as the reference.</summary>
internal sealed record GemmProblem(bool TransA, bool TransB, int M, int N, int K, double[] A, double[] B, double[] C)
{
    public const double Alpha = 1.3;
    public const double Beta = 0.7;

    public static GemmProblem Random(bool transA, bool transB, int seed, int m = 37, int n = 23, int k = 11)
    {
        var random = new Random(seed);
        double[] Fill(int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return new GemmProblem(transA, transB, m, n, k, Fill(m * k), Fill(k * n), Fill(m * n));
    }

    public double[] Solve(IBlas blas)
    {
        var c = (double[])C.Clone();
        blas.Gemm(TransA, TransB, M, N, K, Alpha, A, B, Beta, c);
        return c;
    }

    public float[] Solve32(IBlas blas)
    {
        var c = C.Select(x => (float)x).ToArray();
        blas.Gemm(TransA, TransB, M, N, K, (float)Alpha, A.Select(x => (float)x).ToArray(), B.Select(x => (float)x).ToArray(), (float)Beta, c);
        return c;
    }

    /// <summary>max |x − reference| / max |reference|.</summary>
    public static double RelativeError(IReadOnlyList<double> x, IReadOnlyList<double> reference) =>
        x.Zip(reference, (a, b) => Math.Abs(a - b)).Max() / reference.Max(Math.Abs);
}
