using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Losses;

/// <summary>
/// The β-divergence D_β(V | WH), summed over all entries, computed exactly as scikit-learn's
/// <c>_beta_divergence</c> (1.2.1; docs/reference nmf-algorithms.md §1.2):
///   β=2: ½‖V − WH‖²;   β=1: Σ V·log(V/WH) − V + WH;   β=0: Σ V/WH − log(V/WH) − 1;
///   else: Σ [V^β + (β−1)(WH)^β − β·V·(WH)^(β−1)] / (β(β−1)).
/// For β≠2 only entries with V &gt; eps32 enter the V terms ("0^(−1) = 0"), and WH there is clamped to
/// eps32 from below. The ΣWH term of KL uses colsum(W)·rowsum(H), the ΣWH^β term of the general case the
/// unclamped WH over all entries, and the constant of IS counts every entry, as scikit-learn does.
/// Sums run in blocks of T and accumulate in double, so float32 data loses little to rounding.
/// </summary>
public static class BetaDivergence
{
    /// <summary>scikit-learn's EPSILON: float32 machine epsilon 2^−23, the clamp for every dtype.</summary>
    public const double Eps32 = 1.1920928955078125e-07;

    // Block length for the chunked sums: long enough for SIMD, short enough to stay in L1 and to keep
    // the float32 partial sums accurate.
    private const int Block = 1024;

    /// <summary>D_β(V | WH) for V (F×T), W (F×K), H (K×T); forms WH with one GEMM.</summary>
    public static double Compute<T>(Matrix<T> v, Matrix<T> w, Matrix<T> h, double beta, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(v, w, h);
        var wh = new T[v.RowCount * v.ColumnCount];
        blas.Gemm(false, false, v.RowCount, v.ColumnCount, w.ColumnCount, 1.0,
                  ColumnMajor.Values(w), ColumnMajor.Values(h), 0.0, wh);
        return FromProduct<T>(ColumnMajor.Values(v), wh, ColumnMajor.Values(w), ColumnMajor.Values(h), w.ColumnCount, beta);
    }

    /// <summary>D_β(V | WH) when WH (F×T) is already at hand, e.g. inside a solver.</summary>
    public static double Compute<T>(Matrix<T> v, Matrix<T> w, Matrix<T> h, Matrix<T> wh, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(v, w, h);
        if (wh.RowCount != v.RowCount || wh.ColumnCount != v.ColumnCount)
        {
            throw new ArgumentException(
                $"WH is {wh.RowCount}×{wh.ColumnCount} but V is {v.RowCount}×{v.ColumnCount}.", nameof(wh));
        }

        return FromProduct<T>(ColumnMajor.Values(v), ColumnMajor.Values(wh), ColumnMajor.Values(w), ColumnMajor.Values(h),
                              w.ColumnCount, beta);
    }

    /// <summary>
    /// The divergence from column-major arrays: <paramref name="w"/> F×K and <paramref name="h"/> K×T are
    /// only read for β=1 (ΣWH as colsum(W)·rowsum(H)).
    /// </summary>
    internal static double FromProduct<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, ReadOnlySpan<T> w, ReadOnlySpan<T> h,
                                          int rank, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == 2.0)
        {
            return HalfSquaredError(v, wh);
        }

        if (beta == 1.0)
        {
            return KullbackLeibler(v, wh, SumOfProduct(w, h, rank));
        }

        return beta == 0.0 ? ItakuraSaito(v, wh) : General(v, wh, beta);
    }

    // ½ Σ (V − WH)²
    private static double HalfSquaredError<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> diff = stackalloc T[Block];
        double total = 0;
        for (var start = 0; start < v.Length; start += Block)
        {
            var n = Math.Min(Block, v.Length - start);
            var d = diff[..n];
            TensorPrimitives.Subtract(v.Slice(start, n), wh.Slice(start, n), d);
            total += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(d));
        }

        return total / 2.0;
    }

    // Σ_kept V·log(V/WH) − Σ_kept V + Σ_all WH
    private static double KullbackLeibler<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, double sumWh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> ratio = stackalloc T[Block];
        double sumVLogRatio = 0, sumVKept = 0;
        for (var start = 0; start < v.Length; start += Block)
        {
            var n = Math.Min(Block, v.Length - start);
            var vb = v.Slice(start, n);
            var r = ratio[..n];
            KeptRatio(vb, wh.Slice(start, n), r, out var sumVExcluded);
            AddKullbackLeiblerTerms(vb, r, sumVExcluded, ref sumVLogRatio, ref sumVKept);
        }

        return sumVLogRatio + sumWh - sumVKept;
    }

    /// <summary>
    /// Σ V over the entries that enter the V terms (V &gt; eps32): fixed for a run, so a solver that adds up
    /// Σ_kept V·log(V/WHc) as it updates (<see cref="Algorithms.MultiplicativeUpdateKernels.KullbackLeiblerWithLoss"/>)
    /// finishes the KL loss with it and Σ_all WH = colsum(W)·rowsum(H).
    /// </summary>
    internal static double SumKept<T>(ReadOnlySpan<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var eps = T.CreateTruncating(Eps32);
        double total = 0;
        for (var start = 0; start < v.Length; start += Block)
        {
            var vb = v.Slice(start, Math.Min(Block, v.Length - start));
            total += double.CreateTruncating(TensorPrimitives.Sum<T>(vb));
            if (!(TensorPrimitives.Min<T>(vb) > eps))
            {
                foreach (var x in vb)
                {
                    if (!(x > eps))
                    {
                        total -= double.CreateTruncating(x);
                    }
                }
            }
        }

        return total;
    }

    // r: the kept ratio (1 where V is excluded), overwritten by its log.
    private static void AddKullbackLeiblerTerms<T>(ReadOnlySpan<T> vb, Span<T> r, double sumVExcluded, ref double sumVLogRatio, ref double sumVKept)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NaturalLogarithm.InPlace(r);
        sumVLogRatio += double.CreateTruncating(TensorPrimitives.Dot<T>(vb, r));
        sumVKept += double.CreateTruncating(TensorPrimitives.Sum<T>(vb)) - sumVExcluded;
    }

    // Σ_kept V/WH − (F·T) − Σ_kept log(V/WH)
    private static double ItakuraSaito<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> ratio = stackalloc T[Block];
        double sumRatio = 0, sumLog = 0;
        for (var start = 0; start < v.Length; start += Block)
        {
            var n = Math.Min(Block, v.Length - start);
            var r = ratio[..n];
            var excluded = KeptRatio(v.Slice(start, n), wh.Slice(start, n), r, out _);
            sumRatio += double.CreateTruncating(TensorPrimitives.Sum<T>(r)) - excluded; // excluded entries hold 1
            NaturalLogarithm.InPlace(r);
            sumLog += double.CreateTruncating(TensorPrimitives.Sum<T>(r));
        }

        return sumRatio - (double)v.Length - sumLog;
    }

    // [Σ_kept V^β − β·Σ_kept V·WHc^(β−1) + (β−1)·Σ_all WH^β] / (β(β−1)), WHc the clamped WH
    private static double General<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var eps = T.CreateTruncating(Eps32);
        var b = T.CreateTruncating(beta);
        var bMinus1 = T.CreateTruncating(beta - 1.0);
        Span<T> scratch = stackalloc T[Block];
        double sumVBeta = 0, sumVWh = 0, sumWhBeta = 0;
        for (var start = 0; start < v.Length; start += Block)
        {
            var n = Math.Min(Block, v.Length - start);
            var vb = v.Slice(start, n);
            var whb = wh.Slice(start, n);
            var s = scratch[..n];

            whb.CopyTo(s);
            FastPower.InPlace(s, b);
            sumWhBeta += double.CreateTruncating(TensorPrimitives.Sum<T>(s));

            vb.CopyTo(s);
            FastPower.InPlace(s, b);
            ZeroExcluded(vb, s, eps);
            sumVBeta += double.CreateTruncating(TensorPrimitives.Sum<T>(s));

            TensorPrimitives.Max<T>(whb, eps, s);
            FastPower.InPlace(s, bMinus1);
            ZeroExcluded(vb, s, eps);
            sumVWh += double.CreateTruncating(TensorPrimitives.Dot<T>(vb, s));
        }

        return (sumVBeta - beta * sumVWh + (beta - 1.0) * sumWhBeta) / (beta * (beta - 1.0));
    }

    /// <summary>
    /// r = V ./ max(WH, eps32) where V &gt; eps32, and 1 elsewhere (so log r = 0 there). Returns how many
    /// entries were excluded, and their ΣV.
    /// </summary>
    private static int KeptRatio<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> wh, Span<T> r, out double sumVExcluded)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var eps = T.CreateTruncating(Eps32);
        TensorPrimitives.Max<T>(wh, eps, r);
        TensorPrimitives.Divide<T>(v, r, r);
        sumVExcluded = 0;
        var excluded = 0;
        if (TensorPrimitives.Min<T>(v) > eps)
        {
            return 0;
        }

        for (var i = 0; i < v.Length; i++)
        {
            if (!(v[i] > eps))
            {
                r[i] = T.One;
                sumVExcluded += double.CreateTruncating(v[i]);
                excluded++;
            }
        }

        return excluded;
    }

    private static void ZeroExcluded<T>(ReadOnlySpan<T> v, Span<T> s, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (TensorPrimitives.Min<T>(v) > eps)
        {
            return;
        }

        for (var i = 0; i < v.Length; i++)
        {
            if (!(v[i] > eps))
            {
                s[i] = T.Zero;
            }
        }
    }

    /// <summary>Σ_ij (WH)_ij = Σ_k colsum(W)_k · rowsum(H)_k, without forming WH.</summary>
    internal static double SumOfProduct<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> h, int rank)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = w.Length / rank;
        Span<double> hSums = rank <= 256 ? stackalloc double[rank] : new double[rank];
        ActivationTotals.SumInDouble(h, rank, hSums);

        double total = 0;
        for (var k = 0; k < rank; k++)
        {
            total += double.CreateTruncating(TensorPrimitives.Sum<T>(w.Slice(k * rows, rows))) * hSums[k];
        }

        return total;
    }

    private static void CheckShapes<T>(Matrix<T> v, Matrix<T> w, Matrix<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (w.RowCount != v.RowCount || h.ColumnCount != v.ColumnCount || w.ColumnCount != h.RowCount)
        {
            throw new ArgumentException(
                $"Shapes do not chain: V is {v.RowCount}×{v.ColumnCount}, W is {w.RowCount}×{w.ColumnCount}, " +
                $"H is {h.RowCount}×{h.ColumnCount}; expected W F×K and H K×T.");
        }
    }
}
