using System.Buffers;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// β-divergence multiplicative updates (Févotte &amp; Idier 2011), step for step as scikit-learn 1.2.1's
/// <c>solver='mu'</c> (docs: nmf-algorithms.md §1.3–§1.4, §1.7): W, then H, each multiplied by the MM ratio
/// raised to γ(β). Epsilon handling, penalties and the stop test follow scikit-learn; on its fixtures
/// W, H and the loss agree to 1e-9 relative.
/// <para>
/// Clamp choice: WH is clamped as <c>WH &lt; eps32 → eps32</c>, scikit-learn ≥ 1.3's rule (PR #25491),
/// not 1.2.1's <c>WH == 0 → eps32</c>. The two differ only where 0 &lt; WH &lt; 1.2e-7; the 1.2.1 fixtures
/// still agree to 1e-9 with this rule, and it keeps V./WH bounded by V/eps32 where WH is tiny but not 0
/// (scikit-learn issue #25438). <see cref="BetaDivergence"/> clamps the same way.
/// </para>
/// </summary>
public sealed class MultiplicativeUpdate : INmfAlgorithm
{
    /// <summary>scikit-learn's EPSILON (float32 machine epsilon): the clamp for WH and zero denominators, whatever the dtype.</summary>
    public const double Eps32 = BetaDivergence.Eps32;

    /// <summary>float64 machine epsilon: updated entries below it are set to exactly 0 (stability for β ≤ 1).</summary>
    public const double Eps64 = 2.220446049250313e-16;

    /// <summary>scikit-learn evaluates the loss (and tests convergence) every this many iterations.</summary>
    public const int CheckEvery = MultiplicativeLoop.CheckEvery;

    // Entries per column block (F×b) with a native BLAS: a block's WH and terms (2 × 512 KiB in double) stay
    // in L2/L3 between the GEMM that makes WH and the GEMMs that consume it. With many components the products
    // need wider blocks to run at the BLAS's rate, so a block is also at least BlockColumnsPerComponent·K wide.
    // Measured in process, OpenBLAS 1 thread, 1025×2584, ms per iteration (2026-12-07, quiet machine):
    //   K=10 β=1: 64 K entries 10.3 (double) / 4.8 (float), 128 K 12.0 / 7.6, whole matrix 16.5 / 8.0;
    //   K=88 β=1: 64 K 47.9 / 28.1, 256 K 44.3 / 24.3, whole 50.4 / 24.1; K=88 β=0: 70.6 / 40.3, 65.2 / 35.3, 74.4 / 36.0.
    private const int BlockEntries = 64 * 1024;
    private const int BlockColumnsPerComponent = 3;

    // β=2 with few components: H's update walks V in column blocks of about this many entries (F×b; 384 KiB of
    // double, in L2), and each block's V·H_bᵀ for the next W update is formed while V_b is still in cache
    // (Solver.UpdateHInBlocks). With few components the two data products are bound by reading V, not by
    // arithmetic; with more they run at the BLAS's rate as whole-matrix GEMMs and gain nothing from blocks.
    // In process, 1025×2584, ms per iteration, whole against blocks (2026-12-07, a shared machine, load 10–15, best
    // of 19 rounds): K=10 2 threads 6.7 / 3.6 (double), 3.7 / 1.7 (float); K=16 12.7 / 8.0, 6.8 / 4.7;
    // K=24 13.2 / 11.6, 9.5 / 10.0; K=32 10.8 / 11.2, 11.6 / 12.4 (docs/performance.md).
    // Blocks narrower than this many columns (V of more than 3072 rows) stay whole-matrix products, as does a V that
    // fits in one block: there the blocks would gain nothing, and results keep the whole-matrix path's bits.
    private const int FusedBlockEntries = 48 * 1024;
    private const int FusedMaximumRank = 16;
    private const int FusedMinimumColumns = 16;

    // null: blocks of BlockEntries for a native BLAS, the whole matrix for the managed one; tests set it.
    private readonly int? _blockEntries;

    public MultiplicativeUpdate()
    {
    }

    /// <summary>Forces column blocks of about this many entries, whatever the BLAS (tests of the blocked path).</summary>
    internal MultiplicativeUpdate(int blockEntries) => _blockEntries = blockEntries;

    public string Name => "mu";

    public string Description => "β-divergence multiplicative updates (Févotte & Idier 2011), as scikit-learn's solver='mu'; any β";

    /// <summary>γ(β), the MM exponent that makes each step a descent: 1/(2−β) for β &lt; 1, 1 on [1, 2], 1/(β−1) above.</summary>
    public static double Gamma(double beta) => beta < 1.0 ? 1.0 / (2.0 - beta) : beta > 2.0 ? 1.0 / (beta - 1.0) : 1.0;

    /// <summary>Every option is meaningful for MU; the general checks are in <see cref="NmfInputValidation"/>.</summary>
    public void CheckOptions(NmfOptions options) => NmfInputValidation.CheckOptions(options);

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas,
                               CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NmfInputValidation.CheckOptions(options);
        NmfInputValidation.CheckFactors(v, w0, h0, options);

        using var solver = new Solver<T>(v, w0, h0, options, blas, _blockEntries);
        var outcome = MultiplicativeLoop.Run(solver, options, cancellation);
        var (w, h) = solver.Factors();
        return new NmfResult<T>(w, h, outcome.Iterations, outcome.Converged, outcome.Loss, outcome.History, outcome.Seconds,
                                blas.Name, blas.Threads);
    }

    /// <summary>One run's state: the factors being updated and every buffer, allocated once.</summary>
    private sealed class Solver<T> : IMultiplicativeSteps, IDisposable
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int _rows, _columns, _rank;
        private readonly double _beta, _gamma;
        private readonly T[] _v, _w, _h;
        private readonly T _eps32 = T.CreateTruncating(Eps32);
        private readonly IBlas _blas;
        private readonly NmfOptions _options;
        private readonly double _l1W, _l2W, _l1H, _l2H;
        private readonly bool[]? _fixedTemplate;         // null when no template is fixed (the step's SIMD path)

        // F×T (at least): WH, for the loss (and, unblocked, for the updates, which overwrite it with their terms).
        // Rented, not allocated: fresh memory costs a page fault per 4 KiB on first touch, which on the test VM
        // made a run's set-up cost more than 20 iterations (docs/performance.md); a pooled array is already mapped.
        private readonly T[] _wh;
        private readonly bool _whRented;
        // The column blocks the β≠2 updates run over (see ColumnBlock), in one group per thread (ColumnBlockGroup).
        private readonly ColumnBlockGroup<T>[] _groups;
        private readonly T[] _numeratorW, _denominatorW; // F×K
        private readonly T[] _numeratorH, _denominatorH; // K×T
        private readonly T[] _gram;                      // K×K, β=2: H·Hᵀ for the W update
        private readonly T[] _gramW, _gramLoss;          // K×K, β=2: WᵀW for the H update, and for the loss
        private readonly DataProducts<T>? _data;         // β=2: V·Hᵀ and Wᵀ·V in the BLAS's fastest layout
        private readonly FusedGroup[] _fused;            // β=2, few components: H's update in column blocks (UpdateHInBlocks)
        // β=2 whole-matrix products with N > 1 BLAS threads: every product and step split over N threads of our own
        // (_team, SplitParts), the library held at one thread for the whole run (_oneThread); 1 where not split.
        private readonly int _parts;
        private readonly ThreadTeam? _team;
        private readonly T[][] _gramParts;               // K×K, β=2 split: H_b·H_bᵀ of parts 1..
        private bool _gramOfH;                           // β=2 split: _gram holds H·Hᵀ for the current H (summed by parts)
        private bool _gramWCurrent;                      // β=2 split: _gramW holds WᵀW for the current W (for the loss)
        // With threads of our own (β≠2 groups, β=2 parts), the library's count stays at one from the first product to
        // the last: OpenBLAS's threads, woken by any product on two threads, spin for a while after it and take the
        // core our second thread needs (docs/performance.md).
        private readonly IDisposable? _oneThread;
        private readonly double _halfSquaredNormV;       // β=2: ½‖V‖², for the loss from the products
        private readonly double _sumVKept;               // β=1: Σ V over V > eps32, for the loss
        private bool _whCurrent;                         // _wh holds W·H for the current W and H
        private bool _hStatistics;                       // β=2: _numeratorW, _gram hold V·Hᵀ, H·Hᵀ for the current H
        private bool _wStatistics;                       // β=2: _numeratorH, _gramW hold Wᵀ·V, WᵀW for the current W
        private bool _numeratorWReady;                   // β=1: _numeratorW holds (V ./ WH)·Hᵀ for the current W and H
        // β=1, short wide V, nn_fac's rule, double: the H update, the loss and W's numerator in one pass (it holds H
        // until Factors); null on every other path, which stays as it was.
        private readonly ShortWideKullbackLeibler? _shortWide;
        private double? _lossAfterH;                     // the loss the last H update left for Loss() (_shortWide, _lossWithH)
        // β=1 in column blocks under nn_fac's rule: each block's H update, then its loss terms and W's numerator for
        // the new H, while the block's V is still in cache (UpdateHThenNumeratorOfW).
        private readonly bool _lossWithH;

        public Solver(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas, int? blockEntries)
        {
            _rows = v.RowCount;
            _columns = v.ColumnCount;
            _rank = w0.ColumnCount;
            _beta = options.Beta;
            _gamma = Gamma(options.Beta);
            _options = options;
            _blas = blas;
            _v = ColumnMajor.Values(v);
            _w = ColumnMajor.Copy(w0);
            _h = ColumnMajor.Copy(h0);

            // sklearn's scaling (§1.7): W's penalties by n_features (columns of V), H's by n_samples (rows).
            _l1W = _columns * options.AlphaW * options.L1Ratio;
            _l2W = _columns * options.AlphaW * (1.0 - options.L1Ratio);
            _l1H = _rows * options.AlphaH * options.L1Ratio;
            _l2H = _rows * options.AlphaH * (1.0 - options.L1Ratio);

            if (options.FixedTemplates.Count > 0)
            {
                _fixedTemplate = new bool[_rank];
                foreach (var column in options.FixedTemplates)
                {
                    _fixedTemplate[column] = true;
                }
            }

            // Math.NET's managed GEMM wants C of exactly m×n entries, so it gets an array of its own.
            _whRented = blas.Name != "managed";
            _wh = _whRented ? ArrayPool<T>.Shared.Rent(_rows * _columns) : new T[_rows * _columns];
            Array.Clear(_wh, 0, _rows * _columns); // a pooled array holds old values; no product may see them
            _numeratorW = new T[_rows * _rank];
            _denominatorW = new T[_rows * _rank];
            _numeratorH = new T[_rank * _columns];
            _denominatorH = new T[_rank * _columns];
            _gram = new T[_rank * _rank];
            _gramW = _beta == 2.0 ? new T[_rank * _rank] : [];
            _gramLoss = _beta == 2.0 ? new T[_rank * _rank] : [];
            _fused = _beta == 2.0 ? PlanFused(blas, blockEntries) : [];
            // Float outside ThinProduct's range keeps the BLAS's threads: split, its products would read V in place, a
            // layout slower than float's transposed copy, and that was not measured.
            _parts = _beta == 2.0 && _fused.Length == 0 && blas.Name != "managed" && !options.FixW && !options.FixH && _fixedTemplate is null
                     && (typeof(T) == typeof(double) || DataProducts<T>.UsesThinProduct(blas, _rows, _columns, _rank, blas.Threads))
                ? Math.Clamp(blas.Threads, 1, Math.Min(_rank, _columns))
                : 1;
            _gramParts = [.. Enumerable.Range(1, _parts - 1).Select(_ => new T[_rank * _rank])];
            _team = _parts > 1 ? new ThreadTeam(_parts) : null;
            if (_beta == 2.0)
            {
                // Blocks read V in place; the whole-matrix products get the BLAS's fastest layout (a copy of V in float).
                _data = _fused.Length == 0 ? new DataProducts<T>(blas, _v, _rows, _columns, _rank, _team) : null;
                _halfSquaredNormV = SumOfProducts(_v, _v) / 2.0;
            }

            _groups = _beta == 2.0 ? [] : GroupBlocks(PlanBlocks(blas, blockEntries), blas.Name == "managed" ? 1 : blas.Threads);
            _oneThread = _parts > 1 || _groups.Length > 1 ? blas.OneThreadPerProduct() : null;
            if (_beta == 1.0)
            {
                _sumVKept = BetaDivergence.SumKept<T>(_v);
            }

            if (TakesShortWidePath(options))
            {
                _shortWide = new ShortWideKullbackLeibler(Doubles(_v), Doubles(_h), _rows, _columns, _rank, _sumVKept);
            }

            _lossWithH = _shortWide is null && _beta == 1.0 && options.Stopping == StoppingRule.NnFac
                         && !options.FixW && !options.FixH && !_groups[0].Blocks[0].IsWhole;
        }

        // The fused short-wide pass (ShortWideKullbackLeibler) replaces the blocked one where the loss is taken
        // every iteration and both updates are plain (γ = 1, no penalty, nothing fixed); a native BLAS only, so the
        // managed one's whole-matrix path (the tests' reference) keeps its sums.
        private bool TakesShortWidePath(NmfOptions options) =>
            typeof(T) == typeof(double) && _beta == 1.0 && options.Stopping == StoppingRule.NnFac
            && !options.FixW && !options.FixH && _fixedTemplate is null
            && _l1W <= 0 && _l2W <= 0 && _l1H <= 0 && _l2H <= 0
            && !_groups[0].Blocks[0].IsWhole && _groups.Length == 1
            && ShortWideKullbackLeibler.Fits(_rows, _rank) && _columns >= ShortWideMinimumColumns;

        // Wider than tall by this much at least: the structure task's barwise matrix (25 × 7680), not a spectrogram.
        private const int ShortWideMinimumColumns = 512;

        private static Span<double> Doubles(T[] array) => System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(array.AsSpan());

        public void Dispose()
        {
            _team?.Dispose();
            _oneThread?.Dispose();
            if (_whRented)
            {
                ArrayPool<T>.Shared.Return(_wh);
            }
        }

        public (Matrix<T> W, Matrix<T> H) Factors()
        {
            _shortWide?.StoreH(Doubles(_h));
            return (ColumnMajor.Wrap(_rows, _rank, _w), ColumnMajor.Wrap(_rank, _columns, _h));
        }

        /// <summary>D_β(V | WH) for the current factors; leaves WH (β=2: V·Hᵀ and H·Hᵀ) in place for the next W update.</summary>
        public double Loss()
        {
            if (_beta == 2.0 && LossFromProducts() is { } loss)
            {
                return loss;
            }

            if (_shortWide is not null)
            {
                var value = _lossAfterH ?? _shortWide.NumeratorOfW(Doubles(_w), Doubles(_numeratorW));
                _lossAfterH = null;
                _numeratorWReady = true;
                return value;
            }

            if (_lossWithH && _lossAfterH is { } afterH)
            {
                _lossAfterH = null;
                return afterH;
            }

            if (_beta == 1.0 && !_groups[0].Blocks[0].IsWhole && !_options.FixW)
            {
                return KullbackLeiblerWithNumerator();
            }

            if (_beta != 1.0 && _groups.Length > 1)
            {
                return DivergenceInGroups();
            }

            FormProduct();
            return BetaDivergence.FromProduct<T>(_v, _wh, _w, _h, _rank, _beta);
        }

        // β=2: ½‖V − WH‖² = ½‖V‖² − ⟨W, V·Hᵀ⟩ + ½⟨WᵀW, H·Hᵀ⟩. V·Hᵀ and H·Hᵀ are what the next W update needs
        // anyway, so a loss costs one K×K product instead of W·H (F×T×K) and a pass over F×T. Where the loss is
        // a small share of ½‖V‖², the subtraction would cancel too many digits: null, and the direct form is used.
        private double? LossFromProducts()
        {
            FormStatisticsOfH();
            var gramW = _gramWCurrent ? _gramW : _gramLoss;                      // split: WᵀW kept from H's update
            if (!_gramWCurrent)
                _blas.Gram(true, _rank, _rows, _w, _gramLoss);
            var loss = _halfSquaredNormV - SumOfProducts(_w, _numeratorW) + SumOfProducts(gramW, _gram) / 2.0;
            var share = typeof(T) == typeof(float) ? CancellationShareFloat : CancellationShareDouble;
            return loss > share * _halfSquaredNormV ? loss : null;
        }

        // Below this share of ½‖V‖², the loss from the products would lose more than about 1e-11 of its value in
        // double, 1e-5 in float (whose products carry float rounding, about 1e-7 of ½‖V‖²).
        private const double CancellationShareDouble = 1e-4;
        private const double CancellationShareFloat = 1e-2;

        private static double SumOfProducts(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        {
            double sum = 0;
            for (var i = 0; i < a.Length; i++)
            {
                sum += double.CreateTruncating(a[i]) * double.CreateTruncating(b[i]);
            }

            return sum;
        }

        // β=1, in column blocks: the pass the next W update makes anyway (WH_b = W·H_b, then V ./ WHc) also adds up
        // the loss's V terms, Σ_kept V·log(V/WHc), in the same loop; Σ_kept V is fixed (counted once) and ΣWH is
        // colsum(W)·rowsum(H). So a loss costs a log per entry, not a W·H and passes of its own, which matters where
        // one is taken every iteration (nn_fac's stop rule, the seed's presets).
        private double KullbackLeiblerWithNumerator()
        {
            RunGroups(group => group.SumVLogRatio = NumeratorOfW(group, withLoss: true));
            _numeratorWReady = true;
            return LossOfGroups();
        }

        // β ∉ {1, 2} with threads of our own: D_β block by block (WH_b = W·H_b, then the block's terms), the groups'
        // sums added in group order; no W·H on the library's threads, and the pass over F×T shared out too.
        private double DivergenceInGroups()
        {
            RunGroups(group =>
            {
                var sum = 0.0;
                foreach (var block in group.Blocks)
                {
                    var v = FormBlockProduct(block);
                    sum += BetaDivergence.FromProduct<T>(v, block.WH.AsSpan(0, v.Length), [], [], _rank, _beta);
                }

                group.Divergence = sum;
            });
            var total = 0.0;
            foreach (var group in _groups)
            {
                total += group.Divergence;
            }

            return total;
        }

        // After the groups' loss passes: W's numerator summed into the solver's array, and the KL loss
        // Σ_kept V·log(V/WHc) + ΣWH − Σ_kept V, the groups' V terms added in group order, whatever ran first.
        private double LossOfGroups()
        {
            ReduceGroups(g => g.NumeratorW);
            var sumVLogRatio = 0.0;
            foreach (var group in _groups)
            {
                sumVLogRatio += group.SumVLogRatio;
            }

            return sumVLogRatio + BetaDivergence.SumOfProduct<T>(_w, _h, _rank) - _sumVKept;
        }

        /// <summary>β=1: (V ./ WH)·Hᵀ over a group's columns into its numerator; with the loss, its Σ V·log(V/WHc).</summary>
        private double NumeratorOfW(ColumnBlockGroup<T> group, bool withLoss)
        {
            var sumVLogRatio = 0.0;
            for (var b = 0; b < group.Blocks.Length; b++)
            {
                var block = group.Blocks[b];
                if (withLoss)
                {
                    sumVLogRatio += FormKullbackLeiblerTermsWithLoss(block);
                }
                else
                {
                    FormBlockTerms(block);
                }

                TimesColumns(false, true, _rows, _rank, block.Count, block.WH, _h, block, b == 0 ? 0.0 : 1.0, group.NumeratorW);
            }

            return sumVLogRatio;
        }

        /// <summary>
        /// Runs <paramref name="work"/> on every group: on this thread when there is one, else one thread a group,
        /// each product on its own thread (<see cref="IBlas.OneThreadPerProduct"/>).
        /// </summary>
        private void RunGroups(Action<ColumnBlockGroup<T>> work)
        {
            if (_groups.Length == 1)
            {
                work(_groups[0]);
                return;
            }

            using (_blas.OneThreadPerProduct())
            {
                Parallel.For(0, _groups.Length, new ParallelOptions { MaxDegreeOfParallelism = _groups.Length }, g => work(_groups[g]));
            }
        }

        /// <summary>Adds the later groups' F×K sums into the first group's (the solver's array), in group order.</summary>
        private void ReduceGroups(Func<ColumnBlockGroup<T>, T[]> sums)
        {
            var total = sums(_groups[0]);
            for (var g = 1; g < _groups.Length; g++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add<T>(total, sums(_groups[g]), total);
            }
        }

        /// <summary>β=2: V·Hᵀ into <c>_numeratorW</c> and H·Hᵀ into <c>_gram</c>, unless they hold them for this H.</summary>
        private void FormStatisticsOfH()
        {
            if (_hStatistics)
            {
                return;
            }

            if (_data is null)
                _blas.Gemm(false, true, _rows, _rank, _columns, 1.0, _v, _h, 0.0, _numeratorW);   // V Hᵀ (before the first blocked pass)
            else
                _data.TimesTransposed(_h, _numeratorW);                                // V Hᵀ
            if (!_gramOfH)
                _blas.Gram(false, _rank, _columns, _h, _gram);                         // H Hᵀ (split: summed by H's update)
            _hStatistics = true;
            _gramOfH = true;
        }

        // W ← W .* [ ((V .* WH^(β−2)) Hᵀ) ./ (WH^(β−1) Hᵀ + l1 + l2·W) ]^γ
        // β=2: num = V Hᵀ, den = W (H Hᵀ);  β=1: num = (V ./ WH) Hᵀ, den = 1 rowsum(H)ᵀ.
        public void UpdateW()
        {
            int f = _rows, t = _columns, k = _rank;
            if (_beta == 2.0)
            {
                FormStatisticsOfH();                                                  // V Hᵀ, H Hᵀ (kept while H is fixed)
                _wStatistics = false;
                _gramWCurrent = false;
                if (_parts > 1)
                {
                    // Runs of the denominator's columns, den[:, J] = W·(H Hᵀ)[:, J]; each reads all of W, so the step
                    // (elementwise, the same bits in any runs) on the same runs once every part is done.
                    SplitParts(k, (start, count) =>
                        _blas.GemmSlices<T>(false, false, f, count, k, 1.0, _w, _gram.AsSpan(start * k, count * k), 0.0,
                                            _denominatorW.AsSpan(start * f, count * f)));
                    SplitParts(k, (start, count) =>
                        MultiplicativeStep.Apply<T>(_w.AsSpan(start * f, count * f), _numeratorW.AsSpan(start * f, count * f),
                                                    _denominatorW.AsSpan(start * f, count * f), f, _gamma, _l1W, _l2W,
                                                    zeroTiny: false, isFixedColumn: null));
                    _whCurrent = false;
                    return;
                }
                else
                {
                    _blas.Gemm(false, false, f, k, k, 1.0, _w, _gram, 0.0, _denominatorW);
                }
            }
            else if (_beta == 1.0)
            {
                if (!_numeratorWReady && _shortWide is not null)
                {
                    _shortWide.NumeratorOfW(Doubles(_w), Doubles(_numeratorW));
                }
                else if (!_numeratorWReady)
                {
                    RunGroups(group => NumeratorOfW(group, withLoss: false));
                    ReduceGroups(g => g.NumeratorW);
                }

                _numeratorWReady = false;

                // The denominator is rowsum(H)[c] down column c: the step takes it per column, not as F×K copies.
                Span<T> rowSums = stackalloc T[k];
                if (_shortWide is not null)
                {
                    System.Runtime.InteropServices.MemoryMarshal.Cast<double, T>(_shortWide.ActivationTotals).CopyTo(rowSums);
                }
                else
                {
                    ActivationTotals.Sum<T>(_h, k, rowSums);
                }

                if (MultiplicativeStep.IsPlain(_gamma, _l1W, _l2W, _fixedTemplate is null))
                {
                    MultiplicativeStep.PlainByColumn<T>(_w, _numeratorW, rowSums, f, T.CreateTruncating(Eps32), T.Zero);
                    _whCurrent = false;
                    return;
                }

                for (var c = 0; c < k; c++)
                {
                    Array.Fill(_denominatorW, rowSums[c], c * f, f);
                }
            }
            else
            {
                RunGroups(group =>
                {
                    for (var b = 0; b < group.Blocks.Length; b++)
                    {
                        var block = FormBlockTerms(group.Blocks[b]);
                        var accumulate = b == 0 ? 0.0 : 1.0;
                        TimesColumns(false, true, f, k, block.Count, block.NumeratorTerms, _h, block, accumulate, group.NumeratorW);
                        TimesColumns(false, true, f, k, block.Count, block.WH, _h, block, accumulate, group.DenominatorW);
                    }
                });
                ReduceGroups(g => g.NumeratorW);
                ReduceGroups(g => g.DenominatorW);
            }

            Apply(_w, _numeratorW, _denominatorW, f, _l1W, _l2W, zeroTiny: _beta < 1.0, _fixedTemplate);
        }

        // H ← H .* [ (Wᵀ (V .* WH^(β−2))) ./ (Wᵀ WH^(β−1) + l1 + l2·H) ]^γ
        // β=2: num = Wᵀ V, den = (WᵀW) H;  β=1: num = Wᵀ (V ./ WH), den = colsum(W) 1 (zero sums → 1).
        public void UpdateH()
        {
            _numeratorWReady = false;
            if (_shortWide is not null)
            {
                _lossAfterH = _shortWide.UpdateHThenNumeratorOfW(Doubles(_w), Doubles(_numeratorW));
                _numeratorWReady = true;                                              // for the new H, with this W
                _whCurrent = false;
                return;
            }

            if (_lossWithH)
            {
                _lossAfterH = UpdateHThenNumeratorOfW();
                _numeratorWReady = true;                                              // for the new H, with this W
                _whCurrent = false;
                return;
            }

            int f = _rows, t = _columns, k = _rank;
            if (_beta == 2.0 && _fused.Length > 0)
            {
                UpdateHInBlocks();
                return;
            }

            if (_beta == 2.0 && _parts > 1)
            {
                UpdateHInParts();
                return;
            }

            if (_beta == 2.0)
            {
                if (!_wStatistics)                                                    // kept while W is fixed
                {
                    _data!.TransposedTimes(_w, _numeratorH);                          // Wᵀ V
                    _blas.Gram(true, k, f, _w, _gramW);                              // Wᵀ W
                    _wStatistics = true;
                }

                _blas.Gemm(false, false, k, t, k, 1.0, _gramW, _h, 0.0, _denominatorH);
                _hStatistics = false;
                _gramOfH = false;
            }
            else if (_beta == 1.0)
            {
                RunGroups(group =>
                {
                    foreach (var b in group.Blocks)
                    {
                        var block = FormBlockTerms(b);
                        IntoColumns(true, false, k, block.Count, f, _w, block.WH, _numeratorH, block);
                    }
                });

                FormDenominatorOfH();
            }
            else
            {
                RunGroups(group =>
                {
                    foreach (var b in group.Blocks)
                    {
                        var block = FormBlockTerms(b);
                        IntoColumns(true, false, k, block.Count, f, _w, block.NumeratorTerms, _numeratorH, block);
                        IntoColumns(true, false, k, block.Count, f, _w, block.WH, _denominatorH, block);
                    }
                });
            }

            Apply(_h, _numeratorH, _denominatorH, k, _l1H, _l2H, zeroTiny: _beta <= 1.0, fixedColumns: null);
        }

        /// <summary>
        /// β=2, whole-matrix products split over <see cref="_parts"/> threads of our own: Wᵀ·V (split by
        /// <see cref="DataProducts{T}"/>), WᵀW by runs of its columns (Wᵀ·W[:, J], a GEMM each: syrk on one thread left
        /// the other idle), then per run of H's columns C: den = (WᵀW)·H[:, C], the step on H[:, C], H[:, C]·H[:, C]ᵀ
        /// and, where V·Hᵀ is summed over the same runs of columns, V[:, C]·H[:, C]ᵀ while H[:, C] is still in cache;
        /// the runs' sums, added in run order, are the next W update's H·Hᵀ and V·Hᵀ.
        /// </summary>
        private void UpdateHInParts()
        {
            int f = _rows, t = _columns, k = _rank;
            _data!.TransposedTimes(_w, _numeratorH);                                  // Wᵀ V
            SplitParts(k, (start, count) =>                                           // Wᵀ W
                _blas.GemmSlices<T>(true, false, k, count, f, 1.0, _w, _w.AsSpan(start * f, count * f), 0.0, _gramW.AsSpan(start * k, count * k)));
            var numeratorW = _data.SumsOverColumnParts;
            SplitParts(t, (start, count, part) =>
            {
                var h = _h.AsSpan(start * k, count * k);
                var denominator = _denominatorH.AsSpan(start * k, count * k);
                _blas.GemmSlices<T>(false, false, k, count, k, 1.0, _gramW, h, 0.0, denominator);
                MultiplicativeStep.Apply<T>(h, _numeratorH.AsSpan(start * k, count * k), denominator, k, _gamma, _l1H, _l2H,
                                            zeroTiny: false, isFixedColumn: null);
                _blas.GemmSlices<T>(false, true, k, k, count, 1.0, h, h, 0.0, part == 0 ? _gram : _gramParts[part - 1]);
                if (numeratorW)
                    _data.TimesTransposedPart(h, start, count, part, _numeratorW);
            });
            foreach (var partial in _gramParts)
            {
                System.Numerics.Tensors.TensorPrimitives.Add<T>(_gram, partial, _gram);
            }

            if (numeratorW)
                SplitParts(f * k, (start, count) => _data.AddPartialSums(_numeratorW, start, count));
            _gramOfH = true;
            _hStatistics = numeratorW;
            _wStatistics = false;
            _gramWCurrent = true;
            _whCurrent = false;
        }

        private void SplitParts(int length, Action<int, int> work) => SplitParts(length, (start, count, _) => work(start, count));

        private void SplitParts(int length, Action<int, int, int> work) => _team!.ForEachPart(length, work);

        // β=1: H's denominator is colsum(W) down every column (an all-zero template divides by 1, as in sklearn).
        private void FormDenominatorOfH()
        {
            int f = _rows, t = _columns, k = _rank;
            Span<T> columnSums = stackalloc T[k];
            for (var c = 0; c < k; c++)
            {
                var sum = T.Zero;
                for (var i = 0; i < f; i++)
                {
                    sum += _w[c * f + i];
                }

                columnSums[c] = sum == T.Zero ? T.One : sum;
            }

            for (var j = 0; j < t; j++)
            {
                columnSums.CopyTo(_denominatorH.AsSpan(j * k, k));
            }
        }

        /// <summary>
        /// β=1 in column blocks, where the loss follows every H update (nn_fac's rule): per block, H_b's update
        /// (W·H_b, V_b ./ WH, Wᵀ·(V_b ./ WH), H_b's step), then for the new H_b the loss's terms and W's numerator
        /// (W·H_b, V_b ./ WH with Σ V·log, += (V_b ./ WH)·H_bᵀ), so V is read from memory once an iteration, not twice.
        /// H's update of a column needs only that column, so these are the products and passes of
        /// <see cref="UpdateH"/> then <see cref="KullbackLeiblerWithNumerator"/>, in the same order on the same
        /// values: the same bits. Returns the loss for the new H.
        /// </summary>
        private double UpdateHThenNumeratorOfW()
        {
            int f = _rows, k = _rank;
            FormDenominatorOfH();
            RunGroups(group =>
            {
                var sumVLogRatio = 0.0;
                for (var b = 0; b < group.Blocks.Length; b++)
                {
                    var block = FormBlockTerms(group.Blocks[b]);
                    IntoColumns(true, false, k, block.Count, f, _w, block.WH, _numeratorH, block);            // Wᵀ (V ./ WH)
                    MultiplicativeStep.Apply<T>(Columns(_h, block), Columns(_numeratorH, block), Columns(_denominatorH, block),
                                                k, _gamma, _l1H, _l2H, zeroTiny: true, isFixedColumn: null);
                    sumVLogRatio += FormKullbackLeiblerTermsWithLoss(block);
                    TimesColumns(false, true, f, k, block.Count, block.WH, _h, block, b == 0 ? 0.0 : 1.0, group.NumeratorW);
                }

                group.SumVLogRatio = sumVLogRatio;
            });
            return LossOfGroups();
        }

        /// <summary>
        /// β=2, few components: H's update in column blocks, one pass over V. Per block b (F×b of V, in cache):
        /// num = Wᵀ·V_b, den = (WᵀW)·H_b, H_b's step, then V·Hᵀ += V_b·H_bᵀ and H·Hᵀ += H_b·H_bᵀ for the next W update
        /// (and the loss), which so need no second pass over V. The same products as the whole-matrix update, summed
        /// by blocks: the iterates differ in their last bits only. With N BLAS threads the blocks run in N groups,
        /// each on a thread of its own with one-thread products; the groups' sums are added in group order.
        /// </summary>
        private void UpdateHInBlocks()
        {
            _blas.Gram(true, _rank, _rows, _w, _gramW);                                   // Wᵀ W
            if (_fused.Length == 1)
            {
                UpdateHInBlocks(_fused[0]);
            }
            else
            {
                using (_blas.OneThreadPerProduct())
                {
                    Parallel.For(0, _fused.Length, new ParallelOptions { MaxDegreeOfParallelism = _fused.Length },
                                 g => UpdateHInBlocks(_fused[g]));
                }

                for (var g = 1; g < _fused.Length; g++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add<T>(_numeratorW, _fused[g].TimesTransposed, _numeratorW);
                    System.Numerics.Tensors.TensorPrimitives.Add<T>(_gram, _fused[g].Gram, _gram);
                }
            }

            _hStatistics = true;
            _wStatistics = false;
            _whCurrent = false;
        }

        private void UpdateHInBlocks(FusedGroup group)
        {
            int f = _rows, k = _rank;
            for (var b = 0; b < group.Blocks.Length; b++)
            {
                var (start, count) = group.Blocks[b];
                var v = _v.AsSpan(start * f, count * f);
                var h = _h.AsSpan(start * k, count * k);
                var numerator = _numeratorH.AsSpan(start * k, count * k);
                var denominator = _denominatorH.AsSpan(start * k, count * k);
                _blas.GemmSlices<T>(true, false, k, count, f, 1.0, _w, v, 0.0, numerator);          // Wᵀ V_b
                _blas.GemmSlices<T>(false, false, k, count, k, 1.0, _gramW, h, 0.0, denominator);   // (WᵀW) H_b
                MultiplicativeStep.Apply<T>(h, numerator, denominator, k, _gamma, _l1H, _l2H, zeroTiny: false, isFixedColumn: null);
                var accumulate = b == 0 ? 0.0 : 1.0;
                _blas.GemmSlices<T>(false, true, f, k, count, 1.0, v, h, accumulate, group.TimesTransposed);  // V_b H_bᵀ
                _blas.GemmSlices<T>(false, true, k, k, count, 1.0, h, h, accumulate, group.Gram);            // H_b H_bᵀ
            }
        }

        /// <summary>
        /// The blocks of <see cref="UpdateHInBlocks()"/>, in one group per BLAS thread; none (the whole-matrix update)
        /// above <see cref="FusedMaximumRank"/> components, for the managed BLAS, for a tall V or one of a single block,
        /// or where W or H is fixed (a fixed W keeps Wᵀ·V from one iteration to the next; a fixed H needs no pass).
        /// Tests force blocks with blockEntries.
        /// </summary>
        private FusedGroup[] PlanFused(IBlas blas, int? blockEntries)
        {
            if (_options.FixW || _options.FixH || (blockEntries is null && (blas.Name == "managed" || _rank > FusedMaximumRank)))
            {
                return [];
            }

            var width = Math.Clamp((blockEntries ?? FusedBlockEntries) / _rows, 1, _columns);
            if (blockEntries is null && (width < FusedMinimumColumns || width >= _columns))
            {
                return [];   // a tall V (blocks too narrow for the BLAS's rate), or one that fits in one block: whole products
            }

            var plan = new List<(int Start, int Count)>();
            for (var start = 0; start < _columns; start += width)
            {
                plan.Add((start, Math.Min(width, _columns - start)));
            }

            var count = Math.Clamp(blas.Name == "managed" ? 1 : blas.Threads, 1, plan.Count);
            var groups = new FusedGroup[count];
            for (var g = 0; g < count; g++)
            {
                var blocks = plan.GetRange(g * plan.Count / count, (g + 1) * plan.Count / count - g * plan.Count / count).ToArray();
                groups[g] = g == 0
                    ? new FusedGroup(blocks, _numeratorW, _gram)
                    : new FusedGroup(blocks, new T[_rows * _rank], new T[_rank * _rank]);
            }

            return groups;
        }

        /// <summary>A run of consecutive column blocks and its sums V·Hᵀ (F×K) and H·Hᵀ (K×K); the first group's are the solver's own.</summary>
        private sealed record FusedGroup((int Start, int Count)[] Blocks, T[] TimesTransposed, T[] Gram);

        /// <summary>WH = W·H into <c>_wh</c>, unless it already holds it (after a loss evaluation).</summary>
        private void FormProduct()
        {
            if (!_whCurrent)
            {
                _blas.Gemm(false, false, _rows, _columns, _rank, 1.0, _w, _h, 0.0, _wh);
            }

            _whCurrent = true;
        }

        /// <summary>
        /// For one block of columns: WH = W·H_block (reused from the loss when the block is the
        /// whole matrix), then one fused pass writing the numerator terms and, over WH, the denominator terms
        /// (β=1: V./WH over WH).
        /// </summary>
        private ColumnBlock<T> FormBlockTerms(ColumnBlock<T> block)
        {
            var v = FormBlockProduct(block);
            switch (_beta)
            {
                case 1.0:
                    MultiplicativeUpdateKernels.KullbackLeibler<T>(v, block.WH, block.WH, _eps32);
                    break;
                case 0.0:
                    MultiplicativeUpdateKernels.ItakuraSaito<T>(v, block.WH, block.NumeratorTerms, block.WH, _eps32);
                    break;
                case 0.5:
                    MultiplicativeUpdateKernels.HalfPower<T>(v, block.WH, block.NumeratorTerms, block.WH, _eps32);
                    break;
                case 1.5:
                    MultiplicativeUpdateKernels.ThreeHalvesPower<T>(v, block.WH, block.NumeratorTerms, block.WH, _eps32);
                    break;
                default:
                    MultiplicativeUpdateKernels.General<T>(v, block.WH, block.NumeratorTerms, block.WH, _beta, _eps32);
                    break;
            }

            return block;
        }

        /// <summary>β=1: <see cref="FormBlockTerms"/> for one block, returning the loss's Σ_kept V·log(V/WHc) over it from the same pass.</summary>
        private double FormKullbackLeiblerTermsWithLoss(ColumnBlock<T> block)
        {
            var v = FormBlockProduct(block);
            return MultiplicativeUpdateKernels.KullbackLeiblerWithLoss<T>(v, block.WH, block.WH, _eps32);
        }

        /// <summary>
        /// WH = W·H_block (reused from the loss when the block is the whole matrix, whose
        /// terms then overwrite _wh); returns the block's columns of V.
        /// </summary>
        private ReadOnlySpan<T> FormBlockProduct(ColumnBlock<T> block)
        {
            if (block.IsWhole)
            {
                FormProduct();
                _whCurrent = false;
            }
            else
            {
                _blas.GemmSlices<T>(false, false, _rows, block.Count, _rank, 1.0, _w, Columns(_h, block), 0.0, block.WH);
            }

            return _v.AsSpan(block.Start * _rows, block.Count * _rows);
        }

        /// <summary>
        /// The block's columns of a K×T matrix (H, or H's numerator or denominator), where they are: the products read
        /// and write them in place, so no block copies H in or its results out.
        /// </summary>
        private Span<T> Columns(T[] matrix, ColumnBlock<T> block) => matrix.AsSpan(block.Start * _rank, block.Count * _rank);

        // C = op(A)·op(B) + β·C with B the block's columns of a K×T matrix. The whole matrix passes the arrays themselves:
        // the managed BLAS (the only one that gets one block) would copy a span out and back.
        private void TimesColumns(bool transA, bool transB, int m, int n, int k, T[] a, T[] matrix, ColumnBlock<T> block, double beta, T[] c)
        {
            if (block.IsWhole)
            {
                _blas.Gemm(transA, transB, m, n, k, 1.0, a, matrix, beta, c);
            }
            else
            {
                _blas.GemmSlices<T>(transA, transB, m, n, k, 1.0, a, Columns(matrix, block), beta, c);
            }
        }

        // The block's columns of a K×T matrix = op(A)·op(B); the whole matrix as in TimesColumns.
        private void IntoColumns(bool transA, bool transB, int m, int n, int k, T[] a, T[] b, T[] matrix, ColumnBlock<T> block)
        {
            if (block.IsWhole)
            {
                _blas.Gemm(transA, transB, m, n, k, 1.0, a, b, 0.0, matrix);
            }
            else
            {
                _blas.GemmSlices<T>(transA, transB, m, n, k, 1.0, a, b, 0.0, Columns(matrix, block));
            }
        }

        /// <summary>
        /// How the β≠2 updates walk V. The managed GEMM pays a large cost per call, so it gets one block, the
        /// whole matrix (WH then reuses the loss's product). A native BLAS gets blocks of about 64 K entries
        /// (F×b), so WH, the terms and the products of a block stay in cache and V is the only F×T stream.
        /// The blocks' buffers are given by <see cref="GroupBlocks"/>.
        /// </summary>
        private ColumnBlock<T>[] PlanBlocks(IBlas blas, int? blockEntries)
        {
            var width = blockEntries is { } entries ? Math.Clamp(entries / _rows, 1, _columns)
                : blas.Name == "managed" ? _columns
                : Math.Clamp(Math.Max(BlockEntries / _rows, BlockColumnsPerComponent * _rank), 8, _columns);
            if (width >= _columns)
            {
                var terms = _beta == 1.0 ? _wh : new T[_rows * _columns];
                return [new ColumnBlock<T>(0, _columns, _wh, terms) { IsWhole = true }];
            }

            var blocks = new List<ColumnBlock<T>>();
            for (var start = 0; start < _columns; start += width)
            {
                var count = Math.Min(width, _columns - start);
                blocks.Add(new ColumnBlock<T>(start, count, [], []));
            }

            return [.. blocks];
        }

        /// <summary>
        /// Splits the blocks into at most <paramref name="threads"/> runs of consecutive blocks, as even as the
        /// blocks allow, and gives each run its buffers: blocks of one run share them (one runs at a time), runs
        /// never do. With one run (one BLAS thread, or the managed BLAS) the walk is the single-threaded one, and
        /// W's sums are the solver's own arrays.
        /// </summary>
        private ColumnBlockGroup<T>[] GroupBlocks(ColumnBlock<T>[] plan, int threads)
        {
            if (plan[0].IsWhole)
            {
                return [new ColumnBlockGroup<T>(plan, _numeratorW, _denominatorW)];
            }

            var count = Math.Clamp(threads, 1, plan.Length);
            var groups = new ColumnBlockGroup<T>[count];
            var width = plan[0].Count;
            for (var g = 0; g < count; g++)
            {
                var first = g * plan.Length / count;
                var last = (g + 1) * plan.Length / count;
                var full = ColumnBlock<T>.Buffers(_rows, width);
                var blocks = new ColumnBlock<T>[last - first];
                for (var b = first; b < last; b++)
                {
                    var block = plan[b];
                    var (wh, terms) = block.Count == width ? full : ColumnBlock<T>.Buffers(_rows, block.Count);
                    blocks[b - first] = block with { WH = wh, NumeratorTerms = terms };
                }

                groups[g] = g == 0
                    ? new ColumnBlockGroup<T>(blocks, _numeratorW, _denominatorW)
                    : new ColumnBlockGroup<T>(blocks, new T[_rows * _rank], _beta == 1.0 ? [] : new T[_rows * _rank]);
            }

            return groups;
        }

        /// <summary>The multiplicative step (<see cref="MultiplicativeStep.Apply"/>); WH is stale afterwards.</summary>
        private void Apply(T[] factor, T[] numerator, T[] denominator, int rows, double l1, double l2,
                           bool zeroTiny, bool[]? fixedColumns)
        {
            MultiplicativeStep.Apply(factor, numerator, denominator, rows, _gamma, l1, l2, zeroTiny,
                                     fixedColumns is null ? null : c => fixedColumns[c]);
            _whCurrent = false;
        }
    }
}
