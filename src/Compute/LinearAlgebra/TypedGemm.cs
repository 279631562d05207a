using System.Numerics;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// <see cref="IBlas.Gemm(bool, bool, int, int, int, double, double[], double[], double, double[])"/> for a
/// generic element type, so solvers written once over T run double and float natively.
/// </summary>
public static class TypedGemm
{
    /// <summary>C = α·op(A)·op(B) + β·C on column-major arrays; T must be double or float.</summary>
    public static void Gemm<T>(this IBlas blas, bool transA, bool transB, int m, int n, int k,
                               double alpha, T[] a, T[] b, double beta, T[] c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            blas.Gemm(transA, transB, m, n, k, alpha, (double[])(object)a, (double[])(object)b, beta, (double[])(object)c);
        }
        else if (typeof(T) == typeof(float))
        {
            blas.Gemm(transA, transB, m, n, k, (float)alpha, (float[])(object)a, (float[])(object)b, (float)beta, (float[])(object)c);
        }
        else
        {
            throw new NotSupportedException($"Matrices of {typeof(T).Name} are not supported: use double or float.");
        }
    }

    /// <summary><see cref="IBlas.Gram(bool, int, int, double[], double[])"/> for a generic element type.</summary>
    public static void Gram<T>(this IBlas blas, bool transpose, int n, int k, T[] a, T[] c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            blas.Gram(transpose, n, k, (double[])(object)a, (double[])(object)c);
        }
        else if (typeof(T) == typeof(float))
        {
            blas.Gram(transpose, n, k, (float[])(object)a, (float[])(object)c);
        }
        else
        {
            throw new NotSupportedException($"Matrices of {typeof(T).Name} are not supported: use double or float.");
        }
    }
}
