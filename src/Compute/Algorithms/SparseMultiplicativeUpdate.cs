using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// Sparse β-NMF "done right" (Le Roux, Weninger &amp; Hershey, "Sparse NMF – half-baked or well done?", MERL
/// TR2015-023; nmf-algorithms.md §4.2): minimises
///   J = D_β(V | W̄H) + μ·ΣH,   W̄ = W with unit-L2 columns,
/// so the L1 penalty on H cannot be dodged by shrinking H and growing W. Per iteration, as the reference code:
///   H ← H .* [W̄ᵀ(V .* Λ^(β−2))] ./ max(W̄ᵀΛ^(β−1) + μ, flr)                  (β=1: den colsum(W̄) + μ)
///   P = (V .* Λ^(β−2)) Hᵀ,  Q = Λ^(β−1) Hᵀ                                    (fresh Λ; β=1: Q = 1·rowsum(H)ᵀ)
///   W ← W̄ .* [P + W̄ .* (1·colsum(W̄ .* Q))] ./ max(Q + W̄ .* (1·colsum(W̄ .* P)), flr),  then W̄ ← W ./ ‖W‖₂
/// with Λ = max(W̄H, flr) and flr = 1e-9; exponent 1 for every β, as the reference. The W step follows the
/// gradient of the normalised cost, ∇_w f(w/‖w‖) = (∇ − w̄(w̄ᵀ∇))/‖w‖, split into its positive and negative parts.
/// <para>
/// Start: W0's columns are scaled to unit norm and H0's rows by the same norms (WH is unchanged). The result's W
/// is W̄ (unit-L2 columns). The reference's per-component update masks are kept: templates listed in
/// <see cref="NmfOptions.FixedTemplates"/> (all with FixW) keep their (normalised) values, and activation rows in
/// <see cref="FixedActivations"/> (all with FixH) are not updated. Loss history: J with D_β as
/// <see cref="BetaDivergence"/> (½‖·‖² for β=2, which is the cost the β=2 updates descend; the reference
/// prints ‖·‖² there), evaluated every iteration; stop test in <see cref="PenalisedObjectiveStop"/>.
/// </para>
/// </summary>
public sealed class SparseMultiplicativeUpdate : INmfAlgorithm
{
    /// <summary>The reference's floor on Λ = W̄H and on the update denominators.</summary>
    public const double Floor = 1e-9;

    /// <summary>μ, the weight of ΣH.</summary>
    public static readonly ModelParameter Sparsity =
        new("sparsity", 0.0, "μ: weight of the L1 penalty μ·ΣH on the activations (0: normalised β-NMF)", Minimum: 0.0, Maximum: 1e12);

    private readonly int[] _fixedActivations;

    public SparseMultiplicativeUpdate()
        : this([])
    {
    }

    /// <param name="fixedActivations">rows of H that are kept as given (the reference's <c>h_update_ind</c>);
    /// the options have no per-row setting for H, so this is reached from code only.</param>
    public SparseMultiplicativeUpdate(IReadOnlyList<int> fixedActivations) => _fixedActivations = [.. fixedActivations];

    public string Name => "sparse_mu";

    public string Description => "Sparse β-NMF with W normalised inside the cost (Le Roux et al. 2015), L1 penalty 'sparsity' on H; any β";

    public IReadOnlyList<int> FixedActivations => _fixedActivations;

    public IReadOnlyList<ModelParameter> Parameters => [Sparsity];

    public void CheckOptions(NmfOptions options)
    {
        NmfInputValidation.CheckOptions(options);
        PenalisedObjectiveStop.RejectScikitPenalties(options, Name);
        Sparsity.ValueIn(options);
        foreach (var row in _fixedActivations)
        {
            if (row < 0 || row >= options.Rank)
            {
                throw new ArgumentOutOfRangeException(nameof(options), row,
                    $"FixedActivations lists row {row}, outside 0..{options.Rank - 1} (rank {options.Rank}).");
            }
        }
    }

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas,
                               CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckOptions(options);
        NmfInputValidation.CheckFactors(v, w0, h0, options);
        var solver = new Solver<T>(v, w0, h0, options, blas, Sparsity.ValueIn(options), _fixedActivations);
        return PenalisedObjectiveStop.Run(solver, options, blas, cancellation);
    }

    /// <summary>One run's state: W̄ and H being updated, and every buffer, allocated once.</summary>
    private sealed class Solver<T> : IPenalisedSolver<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int _rows, _columns, _rank;
        private readonly double _beta, _sparsity;
        private readonly T[] _v, _w, _h;
        private readonly T[] _wh;                        // F×T: W̄H, then overwritten by the denominator terms
        private readonly T[] _terms;                     // F×T: the numerator terms V .* Λ^(β−2) (β ∉ {1, 2})
        private readonly T[] _transposeScratch;           // T×K, for Wᵀ·X (FactorProducts)
        private readonly T[] _numeratorH, _denominatorH; // K×T
        private readonly T[] _p, _q;                     // F×K
        private readonly T[] _gram;                      // K×K
        private readonly bool[] _updateTemplate, _updateActivation;
        private readonly IBlas _blas;
        private readonly T _floor = T.CreateTruncating(Floor);
        private bool _whCurrent;

        public Solver(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas, double sparsity,
                      IReadOnlyList<int> fixedActivations)
        {
            _rows = v.RowCount;
            _columns = v.ColumnCount;
            _rank = w0.ColumnCount;
            _beta = options.Beta;
            _sparsity = sparsity;
            _blas = blas;
            _v = ColumnMajor.Values(v);
            _w = ColumnMajor.Copy(w0);
            _h = ColumnMajor.Copy(h0);
            _wh = new T[_rows * _columns];
            _terms = _beta is 1.0 or 2.0 ? [] : new T[_rows * _columns];
            _numeratorH = new T[_rank * _columns];
            _transposeScratch = FactorProducts.NeedsScratch<T>(_blas) ? new T[_rank * _columns] : [];
            _denominatorH = new T[_rank * _columns];
            _p = new T[_rows * _rank];
            _q = new T[_rows * _rank];
            _gram = new T[_rank * _rank];
            _updateTemplate = Enumerable.Repeat(!options.FixW, _rank).ToArray();
            foreach (var k in options.FixedTemplates)
            {
                _updateTemplate[k] = false;
            }

            _updateActivation = Enumerable.Repeat(!options.FixH, _rank).ToArray();
            foreach (var k in fixedActivations)
            {
                _updateActivation[k] = false;
            }

            // W̄ = W ./ ‖W‖ and H scaled by ‖W‖ row-wise: the product is unchanged. An all-zero template stays zero.
            for (var k = 0; k < _rank; k++)
            {
                var norm = ColumnNorm(k);
                if (norm == T.Zero)
                {
                    continue;
                }

                ScaleColumn(k, T.One / norm);
                for (var j = 0; j < _columns; j++)
                {
                    _h[j * _rank + k] *= norm;
                }
            }
        }

        public (Matrix<T> W, Matrix<T> H) Factors() =>
            (ColumnMajor.Wrap(_rows, _rank, _w), ColumnMajor.Wrap(_rank, _columns, _h));

        /// <summary>J = D_β(V | W̄H) + μ·ΣH; leaves W̄H in place for the next H update.</summary>
        public double Objective()
        {
            FormProduct();
            var divergence = BetaDivergence.FromProduct<T>(_v, _wh, _w, _h, _rank, _beta);
            return _sparsity == 0 ? divergence : divergence + _sparsity * Total(_h);
        }

        // H ← H .* [W̄ᵀ(V .* Λ^(β−2))] ./ max(W̄ᵀΛ^(β−1) + μ, flr), rows with an update flag only.
        public void UpdateH()
        {
            if (!_updateActivation.Contains(true))
            {
                return;
            }

            int f = _rows, t = _columns, k = _rank;
            if (_beta == 2.0)
            {
                FactorProducts.TransposeTimes(_blas, k, t, f, _w, _v, _numeratorH, _transposeScratch);      // W̄ᵀ V
                _blas.Gemm(true, false, k, k, f, 1.0, _w, _w, 0.0, _gram);            // W̄ᵀ W̄
                _blas.Gemm(false, false, k, t, k, 1.0, _gram, _h, 0.0, _denominatorH); // W̄ᵀ Λ = (W̄ᵀW̄) H
            }
            else if (_beta == 1.0)
            {
                FormTerms();
                FactorProducts.TransposeTimes(_blas, k, t, f, _w, _wh, _numeratorH, _transposeScratch); // W̄ᵀ (V ./ Λ)
                for (var c = 0; c < k; c++)
                {
                    var sum = ColumnSum(_w.AsSpan(c * f, f));
                    for (var j = 0; j < t; j++)
                    {
                        _denominatorH[j * k + c] = sum;
                    }
                }
            }
            else
            {
                FormTerms();
                FactorProducts.TransposeTimes(_blas, k, t, f, _w, _terms, _numeratorH, _transposeScratch);
                FactorProducts.TransposeTimes(_blas, k, t, f, _w, _wh, _denominatorH, _transposeScratch);
            }

            var mu = T.CreateTruncating(_sparsity);
            for (var j = 0; j < t; j++)
            {
                for (var c = 0; c < k; c++)
                {
                    if (_updateActivation[c])
                    {
                        var i = j * k + c;
                        _h[i] = _h[i] * _numeratorH[i] / T.Max(_denominatorH[i] + mu, _floor);
                    }
                }
            }

            _whCurrent = false;
        }

        // P = (V .* Λ^(β−2)) Hᵀ, Q = Λ^(β−1) Hᵀ;  W ← W̄ .* [P + W̄ .* colsum(W̄ .* Q)] ./ max(Q + W̄ .* colsum(W̄ .* P), flr)
        public void UpdateW()
        {
            if (!_updateTemplate.Contains(true))
            {
                return;
            }

            int f = _rows, t = _columns, k = _rank;
            if (_beta == 2.0)
            {
                _blas.Gemm(false, true, f, k, t, 1.0, _v, _h, 0.0, _p);      // V Hᵀ
                _blas.Gemm(false, true, k, k, t, 1.0, _h, _h, 0.0, _gram);   // H Hᵀ
                _blas.Gemm(false, false, f, k, k, 1.0, _w, _gram, 0.0, _q);  // Λ Hᵀ = W̄ (H Hᵀ)
            }
            else if (_beta == 1.0)
            {
                FormTerms();
                _blas.Gemm(false, true, f, k, t, 1.0, _wh, _h, 0.0, _p);     // (V ./ Λ) Hᵀ
                for (var c = 0; c < k; c++)
                {
                    var rowSum = T.Zero;
                    for (var j = 0; j < t; j++)
                    {
                        rowSum += _h[j * k + c];
                    }

                    Array.Fill(_q, rowSum, c * f, f);
                }
            }
            else
            {
                FormTerms();
                _blas.Gemm(false, true, f, k, t, 1.0, _terms, _h, 0.0, _p);
                _blas.Gemm(false, true, f, k, t, 1.0, _wh, _h, 0.0, _q);
            }

            for (var c = 0; c < k; c++)
            {
                if (!_updateTemplate[c])
                {
                    continue;
                }

                var column = _w.AsSpan(c * f, f);
                var p = _p.AsSpan(c * f, f);
                var q = _q.AsSpan(c * f, f);
                T wq = T.Zero, wp = T.Zero;
                for (var i = 0; i < f; i++)
                {
                    wq += column[i] * q[i];
                    wp += column[i] * p[i];
                }

                for (var i = 0; i < f; i++)
                {
                    column[i] = column[i] * (p[i] + column[i] * wq) / T.Max(q[i] + column[i] * wp, _floor);
                }
            }

            // The reference renormalises every column; the kept ones are already unit-norm.
            for (var c = 0; c < k; c++)
            {
                var norm = ColumnNorm(c);
                if (norm != T.Zero)
                {
                    ScaleColumn(c, T.One / norm);
                }
            }

            _whCurrent = false;
        }

        /// <summary>W̄H into <c>_wh</c>, unless it already holds it.</summary>
        private void FormProduct()
        {
            if (!_whCurrent)
            {
                _blas.Gemm(false, false, _rows, _columns, _rank, 1.0, _w, _h, 0.0, _wh);
            }

            _whCurrent = true;
        }

        /// <summary>
        /// From Λ = W̄H: β=1 V./Λ into <c>_wh</c>; otherwise V .* Λ^(β−2) into <c>_terms</c> and Λ^(β−1) into
        /// <c>_wh</c>, floored at flr where the power is negative (the MU kernels, with the reference's floor).
        /// </summary>
        private void FormTerms()
        {
            FormProduct();
            switch (_beta)
            {
                case 1.0:
                    MultiplicativeUpdateKernels.KullbackLeibler<T>(_v, _wh, _wh, _floor);
                    break;
                case 0.0:
                    MultiplicativeUpdateKernels.ItakuraSaito<T>(_v, _wh, _terms, _wh, _floor);
                    break;
                case 0.5:
                    MultiplicativeUpdateKernels.HalfPower<T>(_v, _wh, _terms, _wh, _floor);
                    break;
                case 1.5:
                    MultiplicativeUpdateKernels.ThreeHalvesPower<T>(_v, _wh, _terms, _wh, _floor);
                    break;
                default:
                    MultiplicativeUpdateKernels.General<T>(_v, _wh, _terms, _wh, _beta, _floor);
                    break;
            }

            _whCurrent = false;
        }

        private T ColumnNorm(int c)
        {
            var sum = T.Zero;
            foreach (var x in _w.AsSpan(c * _rows, _rows))
            {
                sum += x * x;
            }

            return T.Sqrt(sum);
        }

        private void ScaleColumn(int c, T factor)
        {
            foreach (ref var x in _w.AsSpan(c * _rows, _rows))
            {
                x *= factor;
            }
        }

        private static T ColumnSum(ReadOnlySpan<T> values)
        {
            var sum = T.Zero;
            foreach (var x in values)
            {
                sum += x;
            }

            return sum;
        }

        private static double Total(T[] values)
        {
            double sum = 0;
            foreach (var x in values)
            {
                sum += double.CreateTruncating(x);
            }

            return sum;
        }
    }
}
