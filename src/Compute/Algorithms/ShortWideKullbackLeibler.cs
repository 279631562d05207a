using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// β=1 multiplicative updates for a short, wide V (a few dozen rows, thousands of columns: the structure task's
/// barwise matrix with bars as rows) under nn_fac's rule, which takes the loss after every iteration. Per group of
/// eight columns, in registers and one pass over V:
/// <code>
///   WH = W·H_c,  R = V ./ max(WH, eps32),  H_c ← H_c .* (WᵀR ./ colsum(W))  (entries below eps64 → 0)
///   WH' = W·H_c, R' = V ./ max(WH', eps32), Σ_kept V·log R' (the loss's V terms), (V ./ WH')·Hᵀ += R'·H_cᵀ
/// </code>
/// that is the H update and, for the new H, the loss and the next W update's numerator (nmf-algorithms.md §1.3).
/// BLAS products on blocks of such a matrix run far below the FMA rate (K = 10 and 25 rows are small for their
/// kernels) and each pass writes and reads WH; here the eight columns are the eight lanes of a 512-bit vector, so
/// no product needs a reduction across lanes and nothing of size F×T is written.
/// <para>
/// The sums are in a fixed order of their own (so the iterates differ from the BLAS path in the last bits):
/// WH[f] = Σ_k W[f,k]·H[k] and WᵀR[k] = Σ_f W[f,k]·R[f] as fused multiply-adds in ascending k, f from 0; the
/// numerator of W and rowsum(H) add the columns j ≡ l (mod 8) in lane l in ascending j, then the lanes in order;
/// the logarithm is <see cref="NaturalLogarithm"/>'s. V and H are kept here as rows (V once, H until
/// <see cref="StoreH"/>), the columns padded to a multiple of eight with zeros, which stay zero.
/// </para>
/// </summary>
internal sealed class ShortWideKullbackLeibler
{
    private const int Lanes = 8;

    // Panels (of eight columns) whose ratios are kept for one round of AddOuterProducts: W's numerator sums stay in
    // registers over this many panels.
    private const int GroupPanels = 8;

    /// <summary>Most rows and components this path takes; beyond them the blocked BLAS path is as fast.</summary>
    public const int MaxRows = 64;

    public const int MaxRank = 16;

    private readonly int _rows, _columns, _rank, _stride;
    private readonly double[] _v;                  // F × stride, in panels of eight columns
    private readonly double[] _h;                  // K × stride, in panels of eight columns
    private readonly Vector512<double>[] _numeratorW; // F×K lane sums of R'·Hᵀ, [f·K + k]
    private readonly double[] _activationTotals;  // rowsum(H) for the current H
    private readonly double _sumVKept;

    /// <summary>Whether a run can take this path: AVX-512 (the table-driven logarithm), few rows and components.</summary>
    public static bool Fits(int rows, int rank) =>
        NaturalLogarithm.IsTableDriven && Vector512.IsHardwareAccelerated && rows <= MaxRows && rank <= MaxRank;

    /// <param name="v">V, F×T column-major.</param>
    /// <param name="h">H, K×T column-major: the starting activations.</param>
    public ShortWideKullbackLeibler(ReadOnlySpan<double> v, ReadOnlySpan<double> h, int rows, int columns, int rank, double sumVKept)
    {
        _rows = rows;
        _columns = columns;
        _rank = rank;
        _stride = (columns + Lanes - 1) / Lanes * Lanes;
        _sumVKept = sumVKept;
        _v = new double[rows * _stride];
        for (var j = 0; j < columns; j++)
        {
            for (var f = 0; f < rows; f++)
            {
                _v[Panel(j, f, rows)] = v[j * rows + f];
            }
        }

        _h = new double[rank * _stride];
        for (var j = 0; j < columns; j++)
        {
            for (var k = 0; k < rank; k++)
            {
                _h[Panel(j, k, rank)] = h[j * rank + k];
            }
        }

        _numeratorW = new Vector512<double>[rows * rank];
        _activationTotals = new double[rank];
        Span<Vector512<double>> totals = stackalloc Vector512<double>[rank];
        for (var j = 0; j < _stride; j += Lanes)
        {
            for (var k = 0; k < rank; k++)
            {
                totals[k] += Load(_h, j * rank + k * Lanes);
            }
        }

        LaneSums(totals, _activationTotals);
    }

    /// <summary>rowsum(H) of the current H (W's denominator, and the loss's ΣWH with colsum(W)).</summary>
    public ReadOnlySpan<double> ActivationTotals => _activationTotals;

    /// <summary>H, K×T column-major, into <paramref name="h"/>.</summary>
    public void StoreH(Span<double> h)
    {
        for (var j = 0; j < _columns; j++)
        {
            for (var k = 0; k < _rank; k++)
            {
                h[j * _rank + k] = _h[Panel(j, k, _rank)];
            }
        }
    }

    /// <summary>
    /// For the current W and H: (V ./ WH)·Hᵀ into <paramref name="numeratorW"/> (F×K column-major) and the KL loss
    /// D(V | WH) = Σ_kept V·log(V/WH) + ΣWH − Σ_kept V.
    /// </summary>
    public double NumeratorOfW(ReadOnlySpan<double> w, Span<double> numeratorW) => Pass(w, updateH: false, numeratorW);

    /// <summary>
    /// The H update (β=1, γ=1, no penalty) for the current W, then for the new H what <see cref="NumeratorOfW"/>
    /// gives, in the same pass over V.
    /// </summary>
    public double UpdateHThenNumeratorOfW(ReadOnlySpan<double> w, Span<double> numeratorW) => Pass(w, updateH: true, numeratorW);

    // Compiled optimised at once (no quick first tier), as the grid's process does with every method it JITs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Pass(ReadOnlySpan<double> w, bool updateH, Span<double> numeratorW)
    {
        int rows = _rows, rank = _rank;
        var eps32 = Vector512.Create(MultiplicativeUpdate.Eps32);
        var eps64 = Vector512.Create(MultiplicativeUpdate.Eps64);

        // colsum(W) in ascending f; sklearn divides an all-zero template's activations by 1, not by eps.
        Span<double> columnSums = stackalloc double[rank];
        for (var k = 0; k < rank; k++)
        {
            var sum = 0.0;
            for (var f = 0; f < rows; f++)
            {
                sum += w[k * rows + f];
            }

            columnSums[k] = sum;
        }

        Span<Vector512<double>> denominator = stackalloc Vector512<double>[rank];
        for (var k = 0; k < rank; k++)
        {
            denominator[k] = Vector512.Create(columnSums[k] == 0.0 ? 1.0 : columnSums[k]);
        }

        Span<Vector512<double>> h = stackalloc Vector512<double>[rank];
        Span<Vector512<double>> ratios = stackalloc Vector512<double>[GroupPanels * rows];
        Span<Vector512<double>> totals = stackalloc Vector512<double>[rank];
        Array.Clear(_numeratorW);
        var logSum = Vector512<double>.Zero;
        for (var first = 0; first < _stride; first += GroupPanels * Lanes)
        {
            var panels = Math.Min(GroupPanels, (_stride - first) / Lanes);
            for (var p = 0; p < panels; p++)
            {
                var j = first + p * Lanes;
                for (var k = 0; k < rank; k++)
                {
                    h[k] = Load(_h, j * rank + k * Lanes);
                }

                var ratio = ratios.Slice(p * rows, rows);
                if (updateH)
                {
                    Ratios(w, h, j, ratio, eps32);
                    UpdateActivations(w, ratio, denominator, eps64, h);
                    for (var k = 0; k < rank; k++)
                    {
                        Store(h[k], _h, j * rank + k * Lanes);
                    }
                }

                for (var k = 0; k < rank; k++)
                {
                    totals[k] += h[k];
                }

                Ratios(w, h, j, ratio, eps32);
                logSum += LogTerms(j, ratio, eps32);
            }

            AddOuterProducts(ratios, first, panels);
        }

        LaneSums(totals, _activationTotals);
        Span<double> lanes = stackalloc double[Lanes];
        for (var f = 0; f < rows; f++)
        {
            for (var k = 0; k < rank; k++)
            {
                numeratorW[k * rows + f] = LaneSum(_numeratorW[f * rank + k], lanes);
            }
        }

        var sumWH = 0.0;
        for (var k = 0; k < rank; k++)
        {
            sumWH += columnSums[k] * _activationTotals[k];
        }

        return LaneSum(logSum, lanes) + sumWH - _sumVKept;
    }

    /// <summary>ratio[f] = V[f] ./ max(Σ_k W[f,k]·h[k], eps32) over the panel's columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Ratios(ReadOnlySpan<double> w, ReadOnlySpan<Vector512<double>> h, int column,
                        Span<Vector512<double>> ratio, Vector512<double> eps32)
    {
        int rows = _rows, rank = _rank;
        var v = _v.AsSpan(column * rows, rows * Lanes);
        var f = 0;

        // Eight rows at a time: eight independent chains of K fused multiply-adds keep the FMA unit busy.
        for (; f + 8 <= rows; f += 8)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector512<double> a4 = default, a5 = default, a6 = default, a7 = default;
            for (var k = 0; k < rank; k++)
            {
                var hk = h[k];
                var wk = w.Slice(k * rows + f, 8);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[0]), hk, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[1]), hk, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[2]), hk, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[3]), hk, a3);
                a4 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[4]), hk, a4);
                a5 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[5]), hk, a5);
                a6 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[6]), hk, a6);
                a7 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[7]), hk, a7);
            }

            ratio[f] = LoadAt(v, f) / Vector512.Max(a0, eps32);
            ratio[f + 1] = LoadAt(v, f + 1) / Vector512.Max(a1, eps32);
            ratio[f + 2] = LoadAt(v, f + 2) / Vector512.Max(a2, eps32);
            ratio[f + 3] = LoadAt(v, f + 3) / Vector512.Max(a3, eps32);
            ratio[f + 4] = LoadAt(v, f + 4) / Vector512.Max(a4, eps32);
            ratio[f + 5] = LoadAt(v, f + 5) / Vector512.Max(a5, eps32);
            ratio[f + 6] = LoadAt(v, f + 6) / Vector512.Max(a6, eps32);
            ratio[f + 7] = LoadAt(v, f + 7) / Vector512.Max(a7, eps32);
        }

        for (; f + 4 <= rows; f += 4)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var k = 0; k < rank; k++)
            {
                var hk = h[k];
                var wk = w.Slice(k * rows + f, 4);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[0]), hk, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[1]), hk, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[2]), hk, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[3]), hk, a3);
            }

            ratio[f] = LoadAt(v, f) / Vector512.Max(a0, eps32);
            ratio[f + 1] = LoadAt(v, f + 1) / Vector512.Max(a1, eps32);
            ratio[f + 2] = LoadAt(v, f + 2) / Vector512.Max(a2, eps32);
            ratio[f + 3] = LoadAt(v, f + 3) / Vector512.Max(a3, eps32);
        }

        for (; f < rows; f++)
        {
            var a = Vector512<double>.Zero;
            for (var k = 0; k < rank; k++)
            {
                a = Vector512.FusedMultiplyAdd(Vector512.Create(w[k * rows + f]), h[k], a);
            }

            ratio[f] = LoadAt(v, f) / Vector512.Max(a, eps32);
        }
    }

    /// <summary>
    /// The loss's V terms over the panel's columns, lane by lane: Σ_f V[f]·log ratio[f] in ascending f over the kept
    /// entries (V &gt; eps32; the others count 0). The excluded entries take log 1 = 0, so a zero ratio sends no lane
    /// to the logarithm's slow path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Vector512<double> LogTerms(int column, ReadOnlySpan<Vector512<double>> ratio, Vector512<double> eps32)
    {
        var v = _v.AsSpan(column * _rows, _rows * Lanes);

        // Nearly always every lane is positive and normal: the logarithm without its per-vector check (and the call
        // that check may make), the lanes checked once for the panel (the largest NormalKey, one max a vector); if one
        // was not, the panel again with the check. An excluded entry adds V·log 1 = V·(+0) = +0 (V ≥ 0), which leaves
        // the sum's bits as they are, so it needs no select of its own.
        var sum = Vector512<double>.Zero;
        var largestKey = Vector512<ulong>.Zero;
        for (var f = 0; f < ratio.Length; f++)
        {
            var x = LoadAt(v, f);
            var argument = Vector512.ConditionalSelect(Vector512.GreaterThan(x, eps32), ratio[f], Vector512<double>.One);
            largestKey = Vector512.Max(largestKey, NaturalLogarithm.NormalKey(argument));
            sum += x * NaturalLogarithm.OfNormalLanes(argument);
        }

        if (Vector512.LessThanAll(largestKey, Vector512.Create(NaturalLogarithm.NormalKeyLimit)))
        {
            return sum;
        }

        sum = Vector512<double>.Zero;
        for (var f = 0; f < ratio.Length; f++)
        {
            var x = LoadAt(v, f);
            var kept = Vector512.GreaterThan(x, eps32);
            var log = NaturalLogarithm.Of(Vector512.ConditionalSelect(kept, ratio[f], Vector512<double>.One));
            sum += Vector512.ConditionalSelect(kept, x * log, Vector512<double>.Zero);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LoadAt(ReadOnlySpan<double> panel, int row) =>
        Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(panel), (nuint)(row * Lanes));

    /// <summary>h[k] ← h[k] .* ((Σ_f W[f,k]·ratio[f]) ./ denominator[k]), entries below eps64 → 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateActivations(ReadOnlySpan<double> w, ReadOnlySpan<Vector512<double>> ratio,
                                   ReadOnlySpan<Vector512<double>> denominator, Vector512<double> eps64, Span<Vector512<double>> h)
    {
        int rows = _rows, rank = _rank;
        var k = 0;

        // Eight components at a time: eight independent chains keep the FMA unit busy (four only just cover its
        // latency).
        for (; k + 8 <= rank; k += 8)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector512<double> a4 = default, a5 = default, a6 = default, a7 = default;
            for (var f = 0; f < rows; f++)
            {
                var r = ratio[f];
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(w[k * rows + f]), r, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 1) * rows + f]), r, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 2) * rows + f]), r, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 3) * rows + f]), r, a3);
                a4 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 4) * rows + f]), r, a4);
                a5 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 5) * rows + f]), r, a5);
                a6 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 6) * rows + f]), r, a6);
                a7 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 7) * rows + f]), r, a7);
            }

            h[k] = Step(h[k], a0, denominator[k], eps64);
            h[k + 1] = Step(h[k + 1], a1, denominator[k + 1], eps64);
            h[k + 2] = Step(h[k + 2], a2, denominator[k + 2], eps64);
            h[k + 3] = Step(h[k + 3], a3, denominator[k + 3], eps64);
            h[k + 4] = Step(h[k + 4], a4, denominator[k + 4], eps64);
            h[k + 5] = Step(h[k + 5], a5, denominator[k + 5], eps64);
            h[k + 6] = Step(h[k + 6], a6, denominator[k + 6], eps64);
            h[k + 7] = Step(h[k + 7], a7, denominator[k + 7], eps64);
        }

        for (; k + 4 <= rank; k += 4)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var f = 0; f < rows; f++)
            {
                var r = ratio[f];
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(w[k * rows + f]), r, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 1) * rows + f]), r, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 2) * rows + f]), r, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 3) * rows + f]), r, a3);
            }

            h[k] = Step(h[k], a0, denominator[k], eps64);
            h[k + 1] = Step(h[k + 1], a1, denominator[k + 1], eps64);
            h[k + 2] = Step(h[k + 2], a2, denominator[k + 2], eps64);
            h[k + 3] = Step(h[k + 3], a3, denominator[k + 3], eps64);
        }

        // K = 10 leaves two: as a pair, two chains in flight instead of one after the other.
        for (; k + 2 <= rank; k += 2)
        {
            Vector512<double> a0 = default, a1 = default;
            for (var f = 0; f < rows; f++)
            {
                var r = ratio[f];
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(w[k * rows + f]), r, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(w[(k + 1) * rows + f]), r, a1);
            }

            h[k] = Step(h[k], a0, denominator[k], eps64);
            h[k + 1] = Step(h[k + 1], a1, denominator[k + 1], eps64);
        }

        for (; k < rank; k++)
        {
            var a = Vector512<double>.Zero;
            for (var f = 0; f < rows; f++)
            {
                a = Vector512.FusedMultiplyAdd(Vector512.Create(w[k * rows + f]), ratio[f], a);
            }

            h[k] = Step(h[k], a, denominator[k], eps64);
        }
    }

    // MultiplicativeStep's plain step: factor .* (num ./ den), then below eps64 → 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Step(Vector512<double> factor, Vector512<double> numerator, Vector512<double> denominator, Vector512<double> eps64)
    {
        var updated = factor * (numerator / denominator);
        return Vector512.ConditionalSelect(Vector512.LessThan(updated, eps64), Vector512<double>.Zero, updated);
    }

    /// <summary>
    /// numeratorW[f, k] += ratio[f] .* h[k], lane by lane, for each of <paramref name="panels"/> panels from column
    /// <paramref name="first"/> in turn (ratios[p·F + f] the ratios of panel p): the sums held in registers across
    /// the panels, tiles of four rows by two components.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddOuterProducts(ReadOnlySpan<Vector512<double>> ratios, int first, int panels)
    {
        int rows = _rows, rank = _rank;
        var sums = _numeratorW.AsSpan();
        var f = 0;
        for (; f + 4 <= rows; f += 4)
        {
            var k = 0;
            for (; k + 2 <= rank; k += 2)
            {
                var s00 = sums[f * rank + k];
                var s01 = sums[f * rank + k + 1];
                var s10 = sums[(f + 1) * rank + k];
                var s11 = sums[(f + 1) * rank + k + 1];
                var s20 = sums[(f + 2) * rank + k];
                var s21 = sums[(f + 2) * rank + k + 1];
                var s30 = sums[(f + 3) * rank + k];
                var s31 = sums[(f + 3) * rank + k + 1];
                for (var p = 0; p < panels; p++)
                {
                    var at = (first + p * Lanes) * rank + k * Lanes;
                    var h0 = Load(_h, at);
                    var h1 = Load(_h, at + Lanes);
                    var r = ratios.Slice(p * rows + f, 4);
                    s00 = Vector512.FusedMultiplyAdd(r[0], h0, s00);
                    s01 = Vector512.FusedMultiplyAdd(r[0], h1, s01);
                    s10 = Vector512.FusedMultiplyAdd(r[1], h0, s10);
                    s11 = Vector512.FusedMultiplyAdd(r[1], h1, s11);
                    s20 = Vector512.FusedMultiplyAdd(r[2], h0, s20);
                    s21 = Vector512.FusedMultiplyAdd(r[2], h1, s21);
                    s30 = Vector512.FusedMultiplyAdd(r[3], h0, s30);
                    s31 = Vector512.FusedMultiplyAdd(r[3], h1, s31);
                }

                sums[f * rank + k] = s00;
                sums[f * rank + k + 1] = s01;
                sums[(f + 1) * rank + k] = s10;
                sums[(f + 1) * rank + k + 1] = s11;
                sums[(f + 2) * rank + k] = s20;
                sums[(f + 2) * rank + k + 1] = s21;
                sums[(f + 3) * rank + k] = s30;
                sums[(f + 3) * rank + k + 1] = s31;
            }

            for (; k < rank; k++)
            {
                for (var i = f; i < f + 4; i++)
                {
                    AddOuterProduct(ratios, first, panels, i, k);
                }
            }
        }

        for (; f < rows; f++)
        {
            for (var k = 0; k < rank; k++)
            {
                AddOuterProduct(ratios, first, panels, f, k);
            }
        }
    }

    // One entry of AddOuterProducts: numeratorW[f, k] += ratio[f] .* h[k] over the panels.
    private void AddOuterProduct(ReadOnlySpan<Vector512<double>> ratios, int first, int panels, int f, int k)
    {
        var sum = _numeratorW[f * _rank + k];
        for (var p = 0; p < panels; p++)
        {
            sum = Vector512.FusedMultiplyAdd(ratios[p * _rows + f], Load(_h, (first + p * Lanes) * _rank + k * Lanes), sum);
        }

        _numeratorW[f * _rank + k] = sum;
    }

    private static void LaneSums(ReadOnlySpan<Vector512<double>> sums, Span<double> totals)
    {
        Span<double> lanes = stackalloc double[Lanes];
        for (var i = 0; i < sums.Length; i++)
        {
            totals[i] = LaneSum(sums[i], lanes);
        }
    }

    // The lanes added in order 0, 1, …, 7.
    private static double LaneSum(Vector512<double> sum, Span<double> lanes)
    {
        sum.CopyTo(lanes);
        var total = 0.0;
        for (var l = 0; l < Lanes; l++)
        {
            total += lanes[l];
        }

        return total;
    }

    // Where (row, column) of a matrix of this height sits in the panel layout: the columns in groups of eight, each
    // group's rows one after another with the eight columns side by side, so a group is one contiguous run.
    private static int Panel(int column, int row, int height) => column / Lanes * Lanes * height + row * Lanes + column % Lanes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Load(double[] array, int index) =>
        Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<double> value, double[] array, int index) =>
        value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);
}
