using System.Numerics;
using System.Runtime.InteropServices;

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

    /// <summary>The product on spans (<see cref="IBlas.GemmSlices(bool, bool, int, int, int, double, ReadOnlySpan{double}, ReadOnlySpan{double}, double, Span{double})"/>); T must be double or float.</summary>
    public static void GemmSlices<T>(this IBlas blas, bool transA, bool transB, int m, int n, int k,
                               double alpha, ReadOnlySpan<T> a, ReadOnlySpan<T> b, double beta, Span<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            blas.GemmSlices(transA, transB, m, n, k, alpha, MemoryMarshal.Cast<T, double>(a), MemoryMarshal.Cast<T, double>(b), beta,
                      MemoryMarshal.Cast<T, double>(c));
        }
        else if (typeof(T) == typeof(float))
        {
            blas.GemmSlices(transA, transB, m, n, k, (float)alpha, MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(b), (float)beta,
                      MemoryMarshal.Cast<T, float>(c));
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
