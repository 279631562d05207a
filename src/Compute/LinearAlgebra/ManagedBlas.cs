using MathNet.Numerics.Providers.LinearAlgebra;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// Math.NET's managed provider: about ten times slower than native BLAS, but it runs anywhere, so the
/// project works on a machine with neither MKL nor OpenBLAS.
/// </summary>
public sealed class ManagedBlas : IBlas
{
    private readonly ILinearAlgebraProvider _provider = ManagedLinearAlgebraProvider.Instance;

    public string Name => "managed";

    public int Threads => 1;

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     double alpha, double[] a, double[] b, double beta, double[] c)
    {
        _provider.MatrixMultiplyWithUpdate(
            transA ? Transpose.Transpose : Transpose.DontTranspose,
            transB ? Transpose.Transpose : Transpose.DontTranspose,
            alpha, a, transA ? k : m, transA ? m : k, b, transB ? n : k, transB ? k : n, beta, c);
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k,
                     float alpha, float[] a, float[] b, float beta, float[] c)
    {
        _provider.MatrixMultiplyWithUpdate(
            transA ? Transpose.Transpose : Transpose.DontTranspose,
            transB ? Transpose.Transpose : Transpose.DontTranspose,
            alpha, a, transA ? k : m, transA ? m : k, b, transB ? n : k, transB ? k : n, beta, c);
    }
}
