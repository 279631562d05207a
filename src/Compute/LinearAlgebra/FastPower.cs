using System.Numerics;
using System.Numerics.Tensors;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// x^p for a whole span as exp(p·ln x): TensorPrimitives' Log and Exp are SIMD, its Pow is scalar (about
/// 4× slower here). Exact edge cases for x ≥ 0 and p ≠ 0: 0^p is 0 for p &gt; 0 and +∞ for p &lt; 0.
/// Relative error about |p·ln x|·ε, far inside what the solvers need.
/// </summary>
internal static class FastPower
{
    public static void InPlace<T>(Span<T> x, T p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Log<T>(x, x);
        TensorPrimitives.Multiply(x, p, x);
        TensorPrimitives.Exp<T>(x, x);
    }
}
