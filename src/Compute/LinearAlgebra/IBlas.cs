namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// The one matrix product NMF needs, C = α·op(A)·op(B) + β·C, on column-major arrays that hold whole
/// matrices (lda = rows of A as stored, and so on). Implemented by native cblas (MKL, OpenBLAS) and by a
/// managed fallback, so the same algorithm code runs everywhere and reports which backend it used.
/// </summary>
public interface IBlas
{
    /// <summary>"mkl", "openblas" or "managed".</summary>
    string Name { get; }

    /// <summary>Threads the backend uses for one product.</summary>
    int Threads { get; }

    /// <summary>
    /// Until the returned scope is disposed, each product runs on its calling thread alone, so a caller may run
    /// several products at once on threads of its own (<see cref="Threads"/> still tells the count it was given).
    /// A native library's count is process-wide: scopes are counted and the last one restores it.
    /// </summary>
    IDisposable OneThreadPerProduct() => NoScope.Instance;

    /// <summary>What results record as their backend, e.g. "openblas (0.3.21, 1 thread)".</summary>
    string Description => Threads == 1 ? $"{Name} (1 thread)" : $"{Name} ({Threads} threads)";

    /// <param name="transA">use Aᵀ; A is then stored k×m.</param>
    /// <param name="transB">use Bᵀ; B is then stored n×k.</param>
    /// <param name="m">rows of op(A) and C.</param>
    /// <param name="n">columns of op(B) and C.</param>
    /// <param name="k">columns of op(A), rows of op(B).</param>
    void Gemm(bool transA, bool transB, int m, int n, int k,
              double alpha, double[] a, double[] b, double beta, double[] c);

    /// <inheritdoc cref="Gemm(bool, bool, int, int, int, double, double[], double[], double, double[])"/>
    void Gemm(bool transA, bool transB, int m, int n, int k,
              float alpha, float[] a, float[] b, float beta, float[] c);

    /// <summary>
    /// The same product on matrices that are parts of larger arrays, e.g. a run of columns of a column-major matrix
    /// (contiguous, so a span), so a solver working on column blocks need not copy them out and back. This default
    /// does copy them; a native BLAS reads and writes the spans where they are.
    /// </summary>
    void GemmSlices(bool transA, bool transB, int m, int n, int k,
                    double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        var product = c[..(m * n)].ToArray();
        Gemm(transA, transB, m, n, k, alpha, a[..(m * k)].ToArray(), b[..(k * n)].ToArray(), beta, product);
        product.CopyTo(c);
    }

    /// <inheritdoc cref="GemmSlices(bool, bool, int, int, int, double, ReadOnlySpan{double}, ReadOnlySpan{double}, double, Span{double})"/>
    void GemmSlices(bool transA, bool transB, int m, int n, int k,
                    float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c)
    {
        var product = c[..(m * n)].ToArray();
        Gemm(transA, transB, m, n, k, alpha, a[..(m * k)].ToArray(), b[..(k * n)].ToArray(), beta, product);
        product.CopyTo(c);
    }

    /// <summary>
    /// The Gram matrix C (n×n, every entry written) = A·Aᵀ, A stored n×k, or with <paramref name="transpose"/>
    /// AᵀA, A stored k×n. A native BLAS forms one triangle (syrk, half the flops of a GEMM) and mirrors it.
    /// </summary>
    void Gram(bool transpose, int n, int k, double[] a, double[] c) =>
        Gemm(transpose, !transpose, n, n, k, 1.0, a, a, 0.0, c);

    /// <inheritdoc cref="Gram(bool, int, int, double[], double[])"/>
    void Gram(bool transpose, int n, int k, float[] a, float[] c) =>
        Gemm(transpose, !transpose, n, n, k, 1f, a, a, 0f, c);

    /// <summary>
    /// The thin SVD A = U·diag(S)·Vᵀ of a column-major m×n matrix through LAPACK's dgesdd, as numpy.linalg.svd
    /// takes it: U m×p, S p (descending), Vt p×n, p = min(m, n); <paramref name="a"/> is overwritten. False where
    /// the backend has no LAPACK (the managed one) or LAPACK fails, so the caller takes Math.NET's SVD instead.
    /// </summary>
    bool TryThinSvd(int m, int n, double[] a, double[] s, double[] u, double[] vt) => false;

    /// <summary>The scope of a backend that runs every product on its calling thread anyway.</summary>
    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
