namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// A native cblas library (MKL or OpenBLAS) behind <see cref="IBlas"/>. Obtain one through
/// <see cref="Blas.Create"/>. The thread count is a process-wide setting of the native library:
/// <see cref="Threads"/> asks the library, so it always tells what the next product will use.
/// </summary>
public sealed class NativeBlas : IBlas
{
    private readonly Cblas _cblas;
    private readonly Lapack? _lapack;
    private readonly NativeThreadScope _threads;

    internal NativeBlas(string name, string library, string? version, Cblas cblas, Lapack? lapack, NativeThreadScope threads)
    {
        _lapack = lapack;
        Name = name;
        Library = library;
        Version = version;
        _cblas = cblas;
        _threads = threads;
    }

    /// <summary>"mkl" or "openblas".</summary>
    public string Name { get; }

    /// <summary>The name or path the library was loaded from, e.g. "libopenblas.so.0".</summary>
    public string Library { get; }

    /// <summary>The library's own version, e.g. "0.3.21", when it tells it.</summary>
    public string? Version { get; }

    /// <summary>The library's count; inside <see cref="OneThreadPerProduct"/>, the count it had before (the caller's threads).</summary>
    public int Threads => _threads.Saved ?? _threads.Read();

    /// <summary>Lowers the process-wide count to one until the scope ends (<see cref="NativeThreadScope"/>).</summary>
    public IDisposable OneThreadPerProduct() => _threads.Enter();

    /// <summary>e.g. "openblas (0.3.21, 1 thread)": what results record as their backend.</summary>
    public string Description
    {
        get
        {
            var threads = Threads;
            var count = threads == 1 ? "1 thread" : $"{threads} threads";
            return Version is null ? $"{Name} ({count})" : $"{Name} ({Version}, {count})";
        }
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     double alpha, double[] a, double[] b, double beta, double[] c) =>
        _cblas.Gemm(transA, transB, m, n, k, alpha, a, b, beta, c);

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     float alpha, float[] a, float[] b, float beta, float[] c) =>
        _cblas.Gemm(transA, transB, m, n, k, alpha, a, b, beta, c);

    public void GemmSlices(bool transA, bool transB, int m, int n, int k,
                           double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c) =>
        _cblas.Gemm(transA, transB, m, n, k, alpha, a, b, beta, c);

    public void GemmSlices(bool transA, bool transB, int m, int n, int k,
                           float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c) =>
        _cblas.Gemm(transA, transB, m, n, k, alpha, a, b, beta, c);

    public void Gram(bool transpose, int n, int k, double[] a, double[] c) => _cblas.Gram(transpose, n, k, a, c);

    public void Gram(bool transpose, int n, int k, float[] a, float[] c) => _cblas.Gram(transpose, n, k, a, c);

    public bool TryThinSvd(int m, int n, double[] a, double[] s, double[] u, double[] vt) =>
        _lapack is not null && _lapack.ThinSvd(m, n, a, s, u, vt);

    public override string ToString() => Description;
}
