using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// Minimum-volume β-NMF (Leplat, Gillis &amp; Ang, "Blind audio source separation with minimum-volume
/// β-divergence NMF", IEEE TSP 68, 2020; nmf-algorithms.md §4.1):
///   min J = D_β(V | WH) + λ·ln det(WᵀW + δI)   over W, H ≥ 0 with every column of W on the unit simplex,
/// for β ∈ {0, 1, 2}. Shrinking the volume spanned by the templates makes the factorisation identifiable and
/// drives surplus components towards zero (automatic choice of K).
/// <para>
/// λ is set at the start from the relative weight λ̃ (parameter <c>lambda</c>):
/// λ = λ̃·D_β(V | W0H0) / |log10 det(W0ᵀW0 + δI)|, with log10 as the reference MATLAB code and nn_fac
/// (the base only rescales λ), after W0's columns are scaled to unit sum and H0's rows inversely.
/// </para>
/// <para>
/// One iteration, in the reference's order: H by the β multiplicative update (exponent γ(β), so γ = ½ for IS;
/// colsum(W) = 1 makes the KL denominator 1), H ≥ eps64; then W: with Y = (W̃ᵀW̃ + δI)⁻¹ split as Y⁺ − Y⁻,
/// each entry minimises the Jensen majoriser of D_β plus λ·[(W̃|Y|)/W̃·w² − 4(W̃Y⁻)·w] plus μ_k·w, where μ_k
/// makes the column sum to 1 (<see cref="SimplexColumnStep"/>):
///   KL:  w = W̃ .* (sqrt((C+μ)² + S) − (C+μ)) ./ D,  C = 1Hᵀ − 4λW̃Y⁻,  S = 8λ(W̃|Y|) .* ((V./Λ)Hᵀ),  D = 4λW̃|Y|
///   IS:  a·w³ + (b+μ)·w² + d = 0,  a = 2λ(W̃|Y|)./W̃,  b = Λ^(−1)Hᵀ − 4λW̃Y⁻,  d = −((V./Λ²)Hᵀ) .* W̃²
///   EUC: w = max(0, W̃ .* (VHᵀ + 4λW̃Y⁻ − μ) ./ (W̃HHᵀ + 2λW̃|Y|))
/// then W ≥ eps64. Solving for μ exactly (rather than the reference's projection onto the simplex after an
/// unconstrained step) keeps every step a descent on J, so no line search is needed.
/// For β=2 this is the same model with ½‖V − WH‖²; Gillis's <c>minvolNMF.m</c> instead constrains H's columns
/// and solves for W by fast gradient, which is not what is implemented here.
/// </para>
/// Loss history: J (D_β as <see cref="BetaDivergence"/>, natural-log volume term; negative values are normal),
/// every iteration; stop test in <see cref="PenalisedObjectiveStop"/>.
/// </summary>
public sealed class MinimumVolume : INmfAlgorithm
{
    /// <summary>λ̃, the weight of the volume term relative to the initial divergence.</summary>
    public static readonly ModelParameter Lambda =
        new("lambda", 1.0, "λ̃: weight of the volume term, relative to D_β(V|W0H0)/|log10 det(W0ᵀW0+δI)| (nn_fac: 1)",
            Minimum: 1e-12, Maximum: 1e6);

    /// <summary>δ inside ln det(WᵀW + δI).</summary>
    public static readonly ModelParameter Delta =
        new("delta", 0.01, "δ in ln det(WᵀW + δI): keeps the volume term bounded when W is rank-deficient (nn_fac: 0.01)",
            Minimum: 1e-12, Maximum: 1e6);

    /// <summary>Floor on H and W after each update, as the reference's max(·, eps).</summary>
    public const double Eps64 = 2.220446049250313e-16;

    public string Name => "minvol";

    public string Description => "Minimum-volume β-NMF (Leplat, Gillis & Ang 2020): W's columns on the simplex, λ̃·logdet(WᵀW+δI); β = 0, 1, 2";

    public IReadOnlyList<ModelParameter> Parameters => [Lambda, Delta];

    public void CheckOptions(NmfOptions options)
    {
        NmfInputValidation.CheckOptions(options);
        PenalisedObjectiveStop.RejectScikitPenalties(options, Name);
        if (options.Beta is not (0.0 or 1.0 or 2.0))
        {
            throw new ArgumentException(
                $"The 'minvol' model has updates for β = 0 (IS), 1 (KL) and 2 (Euclidean) only, but β = {options.Beta} was asked for.",
                nameof(options));
        }

        Lambda.ValueIn(options); // > 0: with no volume term, use 'mu'
        Delta.ValueIn(options);
    }

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas,
                               CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckOptions(options);
        NmfInputValidation.CheckFactors(v, w0, h0, options);
        var solver = new Solver<T>(v, w0, h0, options, blas, Lambda.ValueIn(options), Delta.ValueIn(options));
        return PenalisedObjectiveStop.Run(solver, options, blas, cancellation);
    }

    /// <summary>The λ a run uses: λ̃·D_β(V|W0H0)/|log10 det(W0ᵀW0+δI)| with W0 scaled to unit column sums.</summary>
    public static double Weight<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new Solver<T>(v, w0, h0, options, blas, Lambda.ValueIn(options), Delta.ValueIn(options)).Weight;

    /// <summary>One run's state: W (on the simplex) and H, the current volume term, and every buffer.</summary>
    private sealed class Solver<T> : IPenalisedSolver<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int _rows, _columns, _rank;
        private readonly double _beta, _gamma, _delta;
        private readonly T[] _v, _w, _h;
        private readonly T[] _wh, _terms;                 // F×T
        private readonly T[] _transposeScratch;           // T×K, for Wᵀ·X (FactorProducts)
        private readonly T[] _numeratorH, _denominatorH;  // K×T
        private readonly T[] _p, _q, _wAbs, _wNeg;        // F×K
        private readonly T[] _gram;                       // K×K
        private readonly bool[] _updateTemplate;
        private readonly bool _updateActivations;
        private readonly IBlas _blas;
        private readonly T _eps32 = T.CreateTruncating(BetaDivergence.Eps32);
        private readonly T _eps64 = T.CreateTruncating(Eps64);
        private VolumePenalty _volume;
        private bool _whCurrent;

        public Solver(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas, double lambdaTilde, double delta)
        {
            _rows = v.RowCount;
            _columns = v.ColumnCount;
            _rank = w0.ColumnCount;
            _beta = options.Beta;
            _gamma = MultiplicativeUpdate.Gamma(options.Beta);
            _delta = delta;
            _blas = blas;
            _v = ColumnMajor.Values(v);
            _w = ColumnMajor.Copy(w0);
            _h = ColumnMajor.Copy(h0);
            _wh = new T[_rows * _columns];
            _terms = _beta == 0.0 ? new T[_rows * _columns] : [];
            _numeratorH = new T[_rank * _columns];
            _transposeScratch = FactorProducts.NeedsScratch<T>(_blas) ? new T[_rank * _columns] : [];
            _denominatorH = new T[_rank * _columns];
            _p = new T[_rows * _rank];
            _q = new T[_rows * _rank];
            _wAbs = new T[_rows * _rank];
            _wNeg = new T[_rows * _rank];
            _gram = new T[_rank * _rank];
            _updateActivations = !options.FixH;
            _updateTemplate = Enumerable.Repeat(!options.FixW, _rank).ToArray();
            foreach (var k in options.FixedTemplates)
            {
                _updateTemplate[k] = false;
            }

            // Onto the simplex: W's columns to unit sum, H's rows inversely (WH unchanged). An all-zero template
            // becomes uniform (WH changes there, but the zero column is no feasible point).
            for (var k = 0; k < _rank; k++)
            {
                var column = _w.AsSpan(k * _rows, _rows);
                var sum = T.Zero;
                foreach (var x in column)
                {
                    sum += x;
                }

                if (sum == T.Zero)
                {
                    column.Fill(T.One / T.CreateTruncating(_rows));
                    continue;
                }

                foreach (ref var x in column)
                {
                    x /= sum;
                }

                for (var j = 0; j < _columns; j++)
                {
                    _h[j * _rank + k] *= sum;
                }
            }

            _volume = VolumePenalty.Of(_w, _rows, _rank, _delta, _blas);
            if (_volume.LogDet == 0)
            {
                throw new ArgumentException($"minvol: log det(W0ᵀW0 + δI) is exactly 0 at the start, so λ cannot be scaled by it; change delta (got {delta}).");
            }

            FormProduct();
            Weight = lambdaTilde * Divergence() / Math.Abs(_volume.LogDet / Math.Log(10.0));
        }

        /// <summary>λ, fixed at the start.</summary>
        public double Weight { get; }

        public (Matrix<T> W, Matrix<T> H) Factors() =>
            (ColumnMajor.Wrap(_rows, _rank, _w), ColumnMajor.Wrap(_rank, _columns, _h));

        /// <summary>J = D_β(V|WH) + λ·ln det(WᵀW + δI); leaves WH in place for the next H update.</summary>
        public double Objective()
        {
            FormProduct();
            return Divergence() + Weight * _volume.LogDet;
        }

        // H ← max(H .* [(Wᵀ(V .* Λ^(β−2))) ./ (Wᵀ Λ^(β−1))]^γ, eps64)   (β=1: den colsum(W); β=2: num WᵀV, den WᵀWH)
        public void UpdateH()
        {
            if (!_updateActivations)
            {
                return;
            }

            int f = _rows, t = _columns, k = _rank;
            switch (_beta)
            {
                case 2.0:
                    FactorProducts.TransposeTimes(_blas, k, t, f, _w, _v, _numeratorH, _transposeScratch);
                    _blas.Gemm(true, false, k, k, f, 1.0, _w, _w, 0.0, _gram);
                    _blas.Gemm(false, false, k, t, k, 1.0, _gram, _h, 0.0, _denominatorH);
                    break;
                case 1.0:
                    FormProduct();
                    MultiplicativeUpdateKernels.KullbackLeibler<T>(_v, _wh, _wh, _eps32);
                    FactorProducts.TransposeTimes(_blas, k, t, f, _w, _wh, _numeratorH, _transposeScratch);
                    for (var c = 0; c < k; c++)
                    {
                        var sum = T.Zero;
                        foreach (var x in _w.AsSpan(c * f, f))
                        {
                            sum += x;
                        }

                        for (var j = 0; j < t; j++)
                        {
                            _denominatorH[j * k + c] = sum;
                        }
                    }

                    break;
                default:
                    FormProduct();
                    MultiplicativeUpdateKernels.ItakuraSaito<T>(_v, _wh, _terms, _wh, _eps32);
                    FactorProducts.TransposeTimes(_blas, k, t, f, _w, _terms, _numeratorH, _transposeScratch);
                    FactorProducts.TransposeTimes(_blas, k, t, f, _w, _wh, _denominatorH, _transposeScratch);
                    break;
            }

            for (var i = 0; i < _h.Length; i++)
            {
                var ratio = _numeratorH[i] / T.Max(_denominatorH[i], _eps32);
                if (_gamma != 1.0)
                {
                    ratio = T.Sqrt(ratio); // γ = ½, β = 0
                }

                _h[i] = T.Max(_h[i] * ratio, _eps64);
            }

            _whCurrent = false;
        }

        /// <summary>Each template column by <see cref="SimplexColumnStep"/>, from the majoriser at the current W.</summary>
        public void UpdateW()
        {
            if (!_updateTemplate.Contains(true))
            {
                return;
            }

            int f = _rows, t = _columns, k = _rank;
            FormProduct();
            var rule = SimplexRule.Euclidean;
            switch (_beta)
            {
                case 2.0:
                    _blas.Gemm(false, true, f, k, t, 1.0, _v, _h, 0.0, _p);      // V Hᵀ
                    _blas.Gemm(false, true, k, k, t, 1.0, _h, _h, 0.0, _gram);   // H Hᵀ
                    _blas.Gemm(false, false, f, k, k, 1.0, _w, _gram, 0.0, _q);  // W̃ H Hᵀ
                    break;
                case 1.0:
                    rule = SimplexRule.KullbackLeibler;
                    MultiplicativeUpdateKernels.KullbackLeibler<T>(_v, _wh, _wh, _eps32);
                    _blas.Gemm(false, true, f, k, t, 1.0, _wh, _h, 0.0, _p);     // (V ./ Λ) Hᵀ
                    break;
                default:
                    rule = SimplexRule.ItakuraSaito;
                    MultiplicativeUpdateKernels.ItakuraSaito<T>(_v, _wh, _terms, _wh, _eps32);
                    _blas.Gemm(false, true, f, k, t, 1.0, _terms, _h, 0.0, _p);  // (V ./ Λ²) Hᵀ
                    _blas.Gemm(false, true, f, k, t, 1.0, _wh, _h, 0.0, _q);     // Λ^(−1) Hᵀ
                    break;
            }

            _whCurrent = false;
            var (absolute, negative) = _volume.Parts<T>();
            _blas.Gemm(false, false, f, k, k, 1.0, _w, absolute, 0.0, _wAbs); // W̃ (Y⁺ + Y⁻)
            _blas.Gemm(false, false, f, k, k, 1.0, _w, negative, 0.0, _wNeg); // W̃ Y⁻

            var lambda = Weight;
            var x = new double[f];
            var y = new double[f];
            var z = new double[f];
            var column = new double[f];
            for (var c = 0; c < k; c++)
            {
                if (!_updateTemplate[c])
                {
                    continue;
                }

                var rowSum = 0.0;
                if (rule == SimplexRule.KullbackLeibler)
                {
                    for (var j = 0; j < t; j++)
                    {
                        rowSum += double.CreateTruncating(_h[j * k + c]);
                    }
                }

                for (var i = 0; i < f; i++)
                {
                    var at = c * f + i;
                    var w = double.CreateTruncating(_w[at]);
                    var wAbs = double.CreateTruncating(_wAbs[at]);
                    var wNeg = double.CreateTruncating(_wNeg[at]);
                    var p = double.CreateTruncating(_p[at]);
                    if (w == 0)
                    {
                        // A zero entry (a zero row of W0: W̃|Y| is 0 there too) stays 0 whatever μ: coefficients
                        // that make w(μ) ≡ 0 instead of 0/0.
                        (x[i], y[i], z[i]) = rule == SimplexRule.ItakuraSaito ? (double.PositiveInfinity, 0.0, 0.0) : (0.0, 0.0, 0.0);
                        continue;
                    }

                    switch (rule)
                    {
                        case SimplexRule.KullbackLeibler:
                            x[i] = rowSum - 4 * lambda * wNeg;          // C
                            y[i] = 8 * lambda * wAbs * p;               // S
                            z[i] = w / (4 * lambda * wAbs);             // W̃ ./ D
                            break;
                        case SimplexRule.ItakuraSaito:
                            x[i] = 2 * lambda * wAbs / w;               // a
                            y[i] = double.CreateTruncating(_q[at]) - 4 * lambda * wNeg; // b
                            z[i] = -p * w * w;                          // d
                            break;
                        default:
                            x[i] = p + 4 * lambda * wNeg;               // N
                            y[i] = w / (double.CreateTruncating(_q[at]) + 2 * lambda * wAbs); // r
                            break;
                    }
                }

                SimplexColumnStep.Solve(rule, x, y, z, column);
                for (var i = 0; i < f; i++)
                {
                    _w[c * f + i] = T.Max(T.CreateTruncating(column[i]), _eps64);
                }
            }

            _volume = VolumePenalty.Of(_w, _rows, _rank, _delta, _blas);
        }

        private double Divergence() => BetaDivergence.FromProduct<T>(_v, _wh, _w, _h, _rank, _beta);

        private void FormProduct()
        {
            if (!_whCurrent)
            {
                _blas.Gemm(false, false, _rows, _columns, _rank, 1.0, _w, _h, 0.0, _wh);
            }

            _whCurrent = true;
        }
    }
}
