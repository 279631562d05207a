using System.Numerics;
using System.Runtime.Intrinsics;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// The two products of the fixed data matrix V (F×T) that β=2 updates form every iteration, V·Hᵀ (F×K) and
/// Wᵀ·V (K×T), in the operand layout this BLAS runs fastest for the element type. The layout depends on the
/// element type only, never on timing, so results are the same from run to run.
/// <para>
/// OpenBLAS 0.3.21 on this project's AMD Zen 5 machine, one thread, F×T = 1025×2584 (docs/performance.md,
/// "Where the time went, and what changed"): in double, V·Hᵀ as written took 2.2–2.6 ms at K = 10, and Wᵀ·V
/// is <see cref="FactorProducts.TransposeTimes"/>'s (Vᵀ·W)ᵀ; in float, both ran fastest from a transposed copy of V (row-major V,
/// numpy's layout): 1.15 and 1.05 ms against 1.4–1.5 and 1.3–1.4 ms. A double copy of V would cost as much
/// memory as the matrix itself for no gain, so double reads V in place and float keeps a copy (half the bytes).
/// </para>
/// <para>
/// In float with 16 &lt; K ≤ 96 on one BLAS thread and a CPU with AVX-512, both products are <see cref="ThinProduct"/>'s instead (V·Hᵀ
/// from V in place, Wᵀ·V from the copy, written transposed by the kernel): it packs only the thin factor where
/// OpenBLAS packs V too, and ran 8–12 % faster at K = 88 (1 thread, in process; 20–30 % at K = 32, level at K = 128;
/// docs/performance.md, "`nmfgrid nmf` against scikit-learn, as processes"). Double stays with the BLAS (level).
/// </para>
/// <para>
/// Split over the parts of a caller's <see cref="ThreadTeam"/> (a solver that holds the library at one thread for its
/// whole run, <see cref="IBlas.OneThreadPerProduct"/>, so no BLAS worker thread spins beside its own): ThinProduct
/// splits its rows itself (each entry summed as on one thread); the BLAS products take runs of V's columns, one part
/// each: V_b·H_bᵀ partial sums added in part order, (V_bᵀ·W)ᵀ into the run's columns of Wᵀ·V. A solver may form
/// V·Hᵀ part by part itself (<see cref="TimesTransposedPart"/>, then <see cref="AddPartialSums"/>), where its own
/// parts already hold H's columns.
/// </para>
/// </summary>
public sealed class DataProducts<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBlas _blas;
    private readonly T[] _v;
    private readonly T[]? _vTransposed;  // T×F, float only
    private readonly T[] _scratch;       // T×K, for Wᵀ·V formed transposed (float from Vᵀ, double by FactorProducts)
    private readonly int _rows, _columns, _rank;
    private readonly bool _thin;           // ThinProduct's kernel instead of the BLAS
    private readonly T[] _packed;          // the thin factor packed for ThinProduct (W always, H where K % 8 ≠ 0)
    private readonly int _parts;           // threads of the caller's the products are split over (1: the BLAS's own)
    private readonly ThreadTeam? _team;    // the caller's threads, when _parts > 1
    private readonly T[][] _partialSums;   // F×K, V·Hᵀ over the columns of parts 1.. (split BLAS products)

    /// <summary>
    /// Whether β=2's data products at this element type and rank run on <see cref="ThinProduct"/>. On one BLAS thread
    /// (the grid's workers, `nmfgrid nmf --threads 1`), or split over <paramref name="parts"/> &gt; 1 threads of a caller
    /// that holds the library at one thread: beside OpenBLAS's threads, which spin between the iteration's other
    /// products, the kernel's second thread lost its core, and float β=2 K=88 went from 8.7 to 11.6 ms an iteration
    /// (docs/performance.md).
    /// </summary>
    public static bool UsesThinProduct(IBlas blas, int rows, int columns, int rank, int parts = 1) =>
        typeof(T) == typeof(float) && blas.Name != "managed" && (blas.Threads == 1 || parts > 1) && ThinProduct.IsSupported
        && rank is > 16 and <= 96 && Math.Min(rows, columns) >= Vector512<T>.Count;

    /// <param name="team">null or one part: each product is one call, on the BLAS's threads. More parts (a native BLAS
    /// only): each product is split over the team's threads, the caller holding the library at one thread meanwhile.</param>
    public DataProducts(IBlas blas, T[] v, int rows, int columns, int rank, ThreadTeam? team = null)
    {
        _blas = blas;
        _v = v;
        _rows = rows;
        _columns = columns;
        _rank = rank;
        _parts = blas.Name == "managed" || team is null || team.Parts > columns ? 1 : team.Parts;
        _team = _parts > 1 ? team : null;
        _thin = typeof(T) == typeof(float) && UsesThinProduct(blas, rows, columns, rank, _parts);
        if (blas.Name != "managed" && typeof(T) == typeof(float) && (_parts == 1 || _thin))
        {
            _vTransposed = new T[rows * columns];
            FactorProducts.Transpose<T>(v, rows, columns, _vTransposed);
        }

        _scratch = _vTransposed is not null || FactorProducts.NeedsScratch<T>(blas) || _parts > 1 ? new T[columns * rank] : [];
        _packed = _thin ? new T[Math.Max(ThinProduct.PackedLength(rank, columns), ThinProduct.PackedLength(rank, rows))] : [];
        _partialSums = _parts > 1 && !_thin ? [.. Enumerable.Range(1, _parts - 1).Select(_ => new T[rows * rank])] : [];
    }

    /// <summary>Whether V·Hᵀ is summed over runs of V's columns, one a part (the split BLAS path), so a caller may form it
    /// part by part (<see cref="TimesTransposedPart"/>).</summary>
    public bool SumsOverColumnParts => _parts > 1 && !_thin;

    /// <summary>result (F×K) = V·Hᵀ, H K×T.</summary>
    public void TimesTransposed(T[] h, T[] result)
    {
        int f = _rows, t = _columns, k = _rank;
        if (_thin && k % ThinProduct.PanelColumns == 0)
            ThinProduct.MultiplyInPlace(_v, f, t, h, k, result, _blas.Threads, team: _team);   // H (K×T) is already 8-row panels
        else if (_thin)
        {
            ThinProduct.Pack<T>(h, k, t, false, _packed);
            ThinProduct.Multiply(_v, f, t, _packed, k, result, _blas.Threads, team: _team);
        }
        else if (_parts > 1)
        {
            // V·Hᵀ = Σ_parts V_b·H_bᵀ: each part's sum on its own thread, added in part order.
            _team!.ForEachPart(t, (start, count, part) => TimesTransposedPart(h.AsSpan(start * k, count * k), start, count, part, result));
            _team.ForEachPart(f * k, (start, count, _) => AddPartialSums(result, start, count));
        }
        else if (_vTransposed is not null)
            _blas.Gemm(true, true, f, k, t, 1.0, _vTransposed, h, 0.0, result);   // (Vᵀ)ᵀ Hᵀ
        else
            _blas.Gemm(false, true, f, k, t, 1.0, _v, h, 0.0, result);
    }

    /// <summary>result (K×T) = Wᵀ·V, W F×K.</summary>
    public void TransposedTimes(T[] w, T[] result)
    {
        int f = _rows, t = _columns, k = _rank;
        if (_thin)
        {
            // Vᵀ·W (T×K, partial sums in the scratch), written out transposed as K×T.
            ThinProduct.Pack<T>(w, k, f, true, _packed);
            ThinProduct.Multiply(_vTransposed!, t, f, _packed, k, _scratch, _blas.Threads, result, _team);
            return;
        }

        if (_parts > 1)
        {
            // Each part's columns of Wᵀ·V as (V_bᵀ·W)ᵀ, V_b read in place: the entries' sums as unsplit.
            _team!.ForEachPart(t, (start, count, _) =>
            {
                var scratch = _scratch.AsSpan(start * k, count * k);
                _blas.GemmSlices<T>(true, false, count, k, f, 1.0, _v.AsSpan(start * f, count * f), w, 0.0, scratch);
                FactorProducts.Transpose<T>(scratch, count, k, result.AsSpan(start * k, count * k));
            });
            return;
        }

        if (_vTransposed is null)
        {
            FactorProducts.TransposeTimes(_blas, k, t, f, w, _v, result, _scratch);
            return;
        }

        _blas.Gemm(false, false, t, k, f, 1.0, _vTransposed, w, 0.0, _scratch);  // Vᵀ W, T×K
        FactorProducts.Transpose<T>(_scratch, t, k, result);
    }

    /// <summary>
    /// Part <paramref name="part"/>'s term of V·Hᵀ = Σ_parts V_b·H_bᵀ, V_b the columns [start, start + count) of V
    /// (<see cref="ThreadTeam.PartOf"/> of T) and <paramref name="hColumns"/> the same columns of H: into
    /// <paramref name="result"/> (part 0) or the part's partial sum, for <see cref="AddPartialSums"/> once every part is done.
    /// </summary>
    public void TimesTransposedPart(ReadOnlySpan<T> hColumns, int start, int count, int part, T[] result)
    {
        if (!SumsOverColumnParts)
            throw new InvalidOperationException("V·Hᵀ is not summed over column parts here.");
        int f = _rows, k = _rank;
        _blas.GemmSlices<T>(false, true, f, k, count, 1.0, _v.AsSpan(start * f, count * f), hColumns, 0.0,
                            part == 0 ? result : _partialSums[part - 1]);
    }

    /// <summary>Entries [start, start + count) of V·Hᵀ (F×K): the later parts' sums added into part 0's, in part order.</summary>
    public void AddPartialSums(T[] result, int start, int count)
    {
        var sum = result.AsSpan(start, count);
        foreach (var partial in _partialSums)
            System.Numerics.Tensors.TensorPrimitives.Add<T>(sum, partial.AsSpan(start, count), sum);
    }
}
