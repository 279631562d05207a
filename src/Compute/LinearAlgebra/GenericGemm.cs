using System.Numerics;
using System.Runtime.CompilerServices;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// <see cref="IBlas.Gemm(bool, bool, int, int, int, double, double[], double[], double, double[])"/> for a solver
/// written once over T: the JIT specialises each T, so the type test costs nothing and float32 stays float32.
/// </summary>
internal static class GenericGemm
{
    public static void Gemm<T>(this IBlas blas, bool transA, bool transB, int m, int n, int k,
                               T alpha, T[] a, T[] b, T beta, T[] c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            blas.Gemm(transA, transB, m, n, k, double.CreateTruncating(alpha), Unsafe.As<double[]>(a),
                      Unsafe.As<double[]>(b), double.CreateTruncating(beta), Unsafe.As<double[]>(c));
        }
        else if (typeof(T) == typeof(float))
        {
            blas.Gemm(transA, transB, m, n, k, float.CreateTruncating(alpha), Unsafe.As<float[]>(a),
                      Unsafe.As<float[]>(b), float.CreateTruncating(beta), Unsafe.As<float[]>(c));
        }
        else
        {
            throw new NotSupportedException($"BLAS products exist for double and float only, not {typeof(T).Name}.");
        }
    }
}
