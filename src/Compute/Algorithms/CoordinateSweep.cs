using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// The step HALS and coordinate descent share: the nonnegative least-squares problem of one factor A (n×K,
/// column-major, one column per component) with the other factor held fixed, written through its normal
/// equations G = OᵀO + l2·I (K×K) and B = op(V)·O − l1 (n×K), and one Gauss–Seidel sweep over the components,
///   A[:,k] ← max(A[:,k] + (B[:,k] − A·G[:,k]) / G[k,k], 0),   k = 0..K−1,
/// the exact minimiser along each column (Cichocki &amp; Phan 2009; Gillis &amp; Glineur 2012). For W, O = Hᵀ and
/// op(V) = V; for H the solvers keep Hᵀ (T×K), so that rows of H are contiguous columns here, with O = W and
/// op(V) = Vᵀ. Rows of A are independent problems, so rows are walked in cache-sized blocks, each block
/// swept over every component, in SIMD vectors along the contiguous columns.
/// </summary>
internal static class CoordinateSweep
{
    /// <summary>Rows swept together: their K column pieces stay in cache (L1 up to K ≈ 40 in float64) while the K components pass over them.</summary>
    private const int RowsPerBlock = 128;

    /// <summary>
    /// gram ← OᵀO + l2·I and cross ← op(V)·O − l1, for the factor with <paramref name="n"/> rows.
    /// op(V) = Vᵀ when <paramref name="transposeV"/>. The Gram matrix is made exactly symmetric (as numpy's
    /// syrk makes it), so a column of it is also a row.
    /// </summary>
    public static void Prepare<T>(IBlas blas, T[] v, bool transposeV, int n, T[] other, int otherRows, int rank,
                                  ScaledPenalty penalty, T[] gram, T[] cross)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        blas.Gemm(true, false, rank, rank, otherRows, 1.0, other, other, 0.0, gram);
        blas.Gemm(transposeV, false, n, rank, otherRows, 1.0, v, other, 0.0, cross);
        for (var k = 0; k < rank; k++)
        {
            for (var j = k + 1; j < rank; j++)
            {
                gram[j + k * rank] = gram[k + j * rank];
            }
        }

        // L2 only raises the Hessian diagonal; L1 only shifts the linear term (scikit-learn's 'cd' does the same).
        if (penalty.L2 != 0)
        {
            var l2 = T.CreateTruncating(penalty.L2);
            for (var k = 0; k < rank; k++)
            {
                gram[k + k * rank] += l2;
            }
        }

        if (penalty.L1 != 0)
        {
            var l1 = T.CreateTruncating(penalty.L1);
            var span = cross.AsSpan(0, n * rank);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] -= l1;
            }
        }
    }

    /// <summary>
    /// One sweep over the components k with <paramref name="update"/>[k] and G[k,k] ≠ 0, in order 0..K−1.
    /// Returns ΣΔ² (the step HALS's inner stop compares) and Σ|projected gradient| before the step (the
    /// violation scikit-learn's 'cd' compares). The arithmetic per entry is the one scikit-learn's Cython loop
    /// does (grad = −B + Σ_j G[k,j]·A[:,j] in order of j, then A − grad/G[k,k]), written with r = −grad.
    /// </summary>
    public static SweepMeasures Sweep<T>(T[] a, T[] gram, T[] cross, int n, int rank, bool[] update)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector<T>.Count;
        ref var aRef = ref MemoryMarshal.GetArrayDataReference(a);
        ref var bRef = ref MemoryMarshal.GetArrayDataReference(cross);
        double stepSquared = 0, violation = 0;
        for (var start = 0; start < n; start += RowsPerBlock)
        {
            var end = Math.Min(n, start + RowsPerBlock);
            for (var k = 0; k < rank; k++)
            {
                var hessian = gram[k + k * rank];
                if (!update[k] || hessian == T.Zero)
                {
                    continue;
                }

                var g = new ReadOnlySpan<T>(gram, k * rank, rank);
                var column = (nuint)(k * n);
                var hessianV = new Vector<T>(hessian);
                var stepAcc = Vector<T>.Zero;
                var violationAcc = Vector<T>.Zero;
                var i = start;
                // Four vectors at a time: four independent Σ_j chains hide the add latency.
                for (; i <= end - 4 * width; i += 4 * width)
                {
                    var at = (nuint)i;
                    var r0 = Vector.LoadUnsafe(ref bRef, column + at);
                    var r1 = Vector.LoadUnsafe(ref bRef, column + at + (nuint)width);
                    var r2 = Vector.LoadUnsafe(ref bRef, column + at + (nuint)(2 * width));
                    var r3 = Vector.LoadUnsafe(ref bRef, column + at + (nuint)(3 * width));
                    for (var j = 0; j < rank; j++)
                    {
                        var gj = new Vector<T>(g[j]);
                        var aj = (nuint)(j * n) + at;
                        r0 -= gj * Vector.LoadUnsafe(ref aRef, aj);
                        r1 -= gj * Vector.LoadUnsafe(ref aRef, aj + (nuint)width);
                        r2 -= gj * Vector.LoadUnsafe(ref aRef, aj + (nuint)(2 * width));
                        r3 -= gj * Vector.LoadUnsafe(ref aRef, aj + (nuint)(3 * width));
                    }

                    Step(ref aRef, column + at, r0, hessianV, ref stepAcc, ref violationAcc);
                    Step(ref aRef, column + at + (nuint)width, r1, hessianV, ref stepAcc, ref violationAcc);
                    Step(ref aRef, column + at + (nuint)(2 * width), r2, hessianV, ref stepAcc, ref violationAcc);
                    Step(ref aRef, column + at + (nuint)(3 * width), r3, hessianV, ref stepAcc, ref violationAcc);
                }

                for (; i <= end - width; i += width)
                {
                    var r = Vector.LoadUnsafe(ref bRef, column + (nuint)i);
                    for (var j = 0; j < rank; j++)
                    {
                        r -= new Vector<T>(g[j]) * Vector.LoadUnsafe(ref aRef, (nuint)(j * n + i));
                    }

                    Step(ref aRef, column + (nuint)i, r, hessianV, ref stepAcc, ref violationAcc);
                }

                var stepTail = T.Zero;
                var violationTail = T.Zero;
                for (; i < end; i++)
                {
                    var r = cross[k * n + i];
                    for (var j = 0; j < rank; j++)
                    {
                        r -= g[j] * a[j * n + i];
                    }

                    var old = a[k * n + i];
                    var step = T.Max(r / hessian, -old);
                    a[k * n + i] = old + step;
                    stepTail += step * step;
                    violationTail += old == T.Zero ? T.Max(r, T.Zero) : T.Abs(r);
                }

                stepSquared += double.CreateTruncating(Vector.Sum(stepAcc)) + double.CreateTruncating(stepTail);
                violation += double.CreateTruncating(Vector.Sum(violationAcc)) + double.CreateTruncating(violationTail);
            }
        }

        return new SweepMeasures(stepSquared, violation);
    }

    /// <summary>Δ = max(r/G[k,k], −A), A += Δ, and the two measures, for one vector of rows with r = B − A·G[:,k].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<T>(ref T aRef, nuint at, Vector<T> r, Vector<T> hessian, ref Vector<T> stepAcc,
                                ref Vector<T> violationAcc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var old = Vector.LoadUnsafe(ref aRef, at);
        var step = Vector.Max(r / hessian, -old);
        (old + step).StoreUnsafe(ref aRef, at);
        stepAcc += step * step;
        // projected gradient (−r): at a zero entry only a negative gradient, r > 0, counts
        violationAcc += Vector.ConditionalSelect(
            Vector.Equals(old, Vector<T>.Zero), Vector.Max(r, Vector<T>.Zero), Vector.Abs(r));
    }
}

/// <summary>What one sweep measured: ΣΔ² over the entries it moved, and the projected-gradient violation.</summary>
internal readonly record struct SweepMeasures(double StepSquared, double Violation);
