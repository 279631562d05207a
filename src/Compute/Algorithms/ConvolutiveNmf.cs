using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;
using NmfGrid.Compute.Models;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// Convolutive NMF, NMFD (Smaragdis 2004), with the exact β-divergence multiplicative updates of Gorlow et al.
/// (arXiv:1803.05159; nmf-algorithms.md §4.3): V ≈ Λ = Σ_{τ&lt;L} W_τ·shift→τ(H), each component an F×L patch.
///   W_τ ← W_τ .* [((V .* Λ^(β−2)) shift→τ(H)ᵀ) ./ (Λ^(β−1) shift→τ(H)ᵀ)]^γ            (all τ against one Λ)
///   H   ← H   .* [(Σ_τ shift←τ(W_τᵀ (V .* Λ^(β−2)))) ./ (Σ_τ shift←τ(W_τᵀ Λ^(β−1)))]^γ  (sums, not averaged ratios)
/// γ(β), epsilon clamps, penalties and the stop rule are those of <see cref="MultiplicativeUpdate"/>, so L = 1 is
/// plain MU. The lags are stacked: W = [W_0 … W_{L−1}] (F×KL) and S = [shift→0(H); …; shift→L−1(H)] (KL×T) give
/// Λ = W·S, so each product is one GEMM. Started from an F×K W0, every lag begins as W0/L.
/// The result's W is Σ_τ W_τ; the lag templates are in its <see cref="ConvolutiveModel{T}"/>.
/// </summary>
public sealed class ConvolutiveNmf : INmfAlgorithm
{
    /// <summary>L, the template length in frames (libnmfd's default is 8).</summary>
    public static readonly ModelParameter Lags =
        new("lags", 8, "template length L in frames (1 is plain MU)", Minimum: 1, Maximum: 4096) { WholeNumber = true };

    public string Name => "nmfd";

    public string Description => "convolutive NMF / NMFD (Smaragdis 2004): templates are F×L patches; β-divergence MU for any β";

    public IReadOnlyList<ModelParameter> Parameters => [Lags];

    public void CheckOptions(NmfOptions options)
    {
        NmfInputValidation.CheckOptions(options);
        NmfInputValidation.CheckParameters(this, options);
    }

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas,
                               CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckOptions(options);
        NmfInputValidation.CheckFactors(v, w0, h0, options);
        var lags = (int)Lags.ValueIn(options);
        var share = w0 / T.CreateTruncating(lags);
        return Solve(v, Enumerable.Repeat(share, lags).ToArray(), h0, options, blas, cancellation);
    }

    /// <summary>From a convolutive start: one F×K template per lag (their count is L; a "lags" option must agree).</summary>
    public NmfResult<T> Run<T>(Matrix<T> v, IReadOnlyList<Matrix<T>> templates0, Matrix<T> h0, NmfOptions options, IBlas blas,
                               CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(templates0);
        CheckOptions(options);
        var given = options.Parameters.TryGetValue(Lags.Name, out var value) ? value : (double?)null;
        if (templates0.Count == 0 || (given is { } lags && lags != templates0.Count))
        {
            throw new ArgumentException($"lags is {given?.ToString() ?? "not set"} but {templates0.Count} lag templates were given.");
        }

        NmfInputValidation.CheckFactors(v, templates0[0], h0, options);
        for (var lag = 0; lag < templates0.Count; lag++)
        {
            NmfInputValidation.CheckShape(templates0[lag], $"W0[lag {lag}]", v.RowCount, options.Rank);
            NmfInputValidation.CheckEntries(templates0[lag], $"W0[lag {lag}]");
        }

        return Solve(v, templates0, h0, options, blas, cancellation);
    }

    private static NmfResult<T> Solve<T>(Matrix<T> v, IReadOnlyList<Matrix<T>> templates0, Matrix<T> h0, NmfOptions options,
                                         IBlas blas, CancellationToken cancellation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (templates0.Count > v.ColumnCount)
        {
            throw new ArgumentException($"lags = {templates0.Count} exceeds the {v.ColumnCount} frames of V.");
        }

        var solver = new Solver<T>(v, templates0, h0, options, blas);
        var outcome = MultiplicativeLoop.Run(solver, options, cancellation);
        var model = solver.Model();
        return new NmfResult<T>(model.SummedTemplates(), model.H, outcome.Iterations, outcome.Converged, outcome.Loss,
                                outcome.History, outcome.Seconds, blas.Name, blas.Threads)
        {
            Model = model,
        };
    }

    /// <summary>One run's state: stacked templates, activations and every buffer, allocated once.</summary>
    private sealed class Solver<T> : IMultiplicativeSteps
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int _rows, _columns, _rank, _lags, _stacked;
        private readonly double _beta, _gamma;
        private readonly T[] _v;
        private readonly T[] _w;      // F×KL: [W_0 … W_{L−1}], W_τ's column k at τK + k
        private readonly T[] _h;      // K×T
        private readonly T[] _stack;  // KL×T: row τK + k is H[k,:] shifted τ to the right
        private readonly T[] _lambda; // F×T: Λ, then the denominator terms Λ^(β−1) (β=1: the numerator terms)
        private readonly T[] _terms;  // F×T: the numerator terms V .* Λ^(β−2)
        private readonly T[] _numeratorW, _denominatorW;         // F×KL
        private readonly T[] _numeratorStack, _denominatorStack; // KL×T: W_τᵀ(…) before shifting back
        private readonly T[] _numeratorH, _denominatorH;         // K×T
        private readonly T[] _gram;                              // KL×KL: SSᵀ or WᵀW
        private readonly T _eps32 = T.CreateTruncating(MultiplicativeUpdate.Eps32);
        private readonly IBlas _blas;
        private readonly NmfOptions _options;
        private readonly double _l1W, _l2W, _l1H, _l2H;
        private readonly bool[] _fixedTemplate;
        private bool _lambdaCurrent;
        private bool _fixedStatisticsReady;

        public Solver(Matrix<T> v, IReadOnlyList<Matrix<T>> templates0, Matrix<T> h0, NmfOptions options, IBlas blas)
        {
            _rows = v.RowCount;
            _columns = v.ColumnCount;
            _rank = h0.RowCount;
            _lags = templates0.Count;
            _stacked = _rank * _lags;
            _beta = options.Beta;
            _gamma = MultiplicativeUpdate.Gamma(options.Beta);
            _options = options;
            _blas = blas;
            _v = ColumnMajor.Values(v);
            _w = new T[_rows * _stacked];
            for (var lag = 0; lag < _lags; lag++)
            {
                ColumnMajor.Values(templates0[lag]).CopyTo(_w, lag * _rows * _rank);
            }

            _h = ColumnMajor.Copy(h0);

            // As MU (scikit-learn §1.7): W's penalties scaled by the frames, H's by the bins.
            _l1W = _columns * options.AlphaW * options.L1Ratio;
            _l2W = _columns * options.AlphaW * (1.0 - options.L1Ratio);
            _l1H = _rows * options.AlphaH * options.L1Ratio;
            _l2H = _rows * options.AlphaH * (1.0 - options.L1Ratio);
            _fixedTemplate = new bool[_rank];
            foreach (var column in options.FixedTemplates)
            {
                _fixedTemplate[column] = true;
            }

            _stack = new T[_stacked * _columns];
            _lambda = new T[_rows * _columns];
            _terms = _beta is 1.0 or 2.0 ? [] : new T[_rows * _columns];
            _numeratorW = new T[_rows * _stacked];
            _denominatorW = new T[_rows * _stacked];
            _numeratorStack = new T[_stacked * _columns];
            _denominatorStack = _beta == 1.0 ? [] : new T[_stacked * _columns];
            _numeratorH = new T[_rank * _columns];
            _denominatorH = new T[_rank * _columns];
            _gram = _beta == 2.0 ? new T[_stacked * _stacked] : [];
            FormStack();
        }

        public ConvolutiveModel<T> Model()
        {
            var templates = Enumerable.Range(0, _lags)
                .Select(lag => ColumnMajor.Wrap(_rows, _rank, _w.AsSpan(lag * _rows * _rank, _rows * _rank).ToArray()))
                .ToArray();
            return new ConvolutiveModel<T>(templates, ColumnMajor.Wrap(_rank, _columns, (T[])_h.Clone()));
        }

        /// <summary>D_β(V | Λ); ΣΛ for KL as colsum(W)·rowsum(S), since Λ = W·S.</summary>
        public double Loss()
        {
            FormLambda();
            return BetaDivergence.FromProduct<T>(_v, _lambda, _w, _stack, _stacked, _beta);
        }

        // W_τ ← W_τ .* [((V .* Λ^(β−2)) Sᵀ) ./ (Λ^(β−1) Sᵀ)]^γ for all lags at once (the block τ of W·S).
        // β=2: num = V Sᵀ, den = W (S Sᵀ);  β=1: num = (V ./ Λ) Sᵀ, den = rowsum(S) per column.
        public void UpdateW()
        {
            int f = _rows, t = _columns, kl = _stacked;
            if (_beta == 2.0)
            {
                if (!(_options.FixH && _fixedStatisticsReady))
                {
                    _blas.Gemm(false, true, f, kl, t, 1.0, _v, _stack, 0.0, _numeratorW);
                    _blas.Gemm(false, true, kl, kl, t, 1.0, _stack, _stack, 0.0, _gram);
                    _fixedStatisticsReady = _options.FixH;
                }

                _blas.Gemm(false, false, f, kl, kl, 1.0, _w, _gram, 0.0, _denominatorW);
            }
            else if (_beta == 1.0)
            {
                FormTerms();
                _blas.Gemm(false, true, f, kl, t, 1.0, _lambda, _stack, 0.0, _numeratorW);
                for (var c = 0; c < kl; c++)
                {
                    var rowSum = T.Zero;
                    for (var j = 0; j < t; j++)
                    {
                        rowSum += _stack[j * kl + c];
                    }

                    Array.Fill(_denominatorW, rowSum, c * f, f);
                }
            }
            else
            {
                FormTerms();
                _blas.Gemm(false, true, f, kl, t, 1.0, _terms, _stack, 0.0, _numeratorW);
                _blas.Gemm(false, true, f, kl, t, 1.0, _lambda, _stack, 0.0, _denominatorW);
            }

            MultiplicativeStep.Apply(_w, _numeratorW, _denominatorW, f, _gamma, _l1W, _l2W, zeroTiny: _beta < 1.0,
                                     c => _fixedTemplate[c % _rank]);
            _lambdaCurrent = false;
        }

        // H ← H .* [Σ_τ shift←τ(W_τᵀ (V .* Λ^(β−2))) ./ Σ_τ shift←τ(W_τᵀ Λ^(β−1))]^γ
        // β=2: the terms are V and Λ = W S, so den = shifted sums of (WᵀW) S;  β=1: den = Σ_τ colsum(W_τ) over the
        // lags that reach frame j (all-zero → 1, as MU).
        public void UpdateH()
        {
            int f = _rows, t = _columns, kl = _stacked, k = _rank;
            if (_beta == 2.0)
            {
                if (!(_options.FixW && _fixedStatisticsReady))
                {
                    _blas.Gemm(true, false, kl, t, f, 1.0, _w, _v, 0.0, _numeratorStack);
                    _blas.Gemm(true, false, kl, kl, f, 1.0, _w, _w, 0.0, _gram);
                    _fixedStatisticsReady = _options.FixW;
                }

                _blas.Gemm(false, false, kl, t, kl, 1.0, _gram, _stack, 0.0, _denominatorStack);
                ShiftBackAndSum(_numeratorStack, _numeratorH);
                ShiftBackAndSum(_denominatorStack, _denominatorH);
            }
            else if (_beta == 1.0)
            {
                FormTerms();
                _blas.Gemm(true, false, kl, t, f, 1.0, _w, _lambda, 0.0, _numeratorStack);
                ShiftBackAndSum(_numeratorStack, _numeratorH);
                Span<T> columnSums = stackalloc T[kl];
                for (var c = 0; c < kl; c++)
                {
                    var sum = T.Zero;
                    for (var i = 0; i < f; i++)
                    {
                        sum += _w[c * f + i];
                    }

                    columnSums[c] = sum;
                }

                for (var j = 0; j < t; j++)
                {
                    for (var r = 0; r < k; r++)
                    {
                        var sum = T.Zero;
                        for (var lag = 0; lag < _lags && j + lag < t; lag++)
                        {
                            sum += columnSums[lag * k + r];
                        }

                        // scikit-learn: an all-zero template divides by 1, not by eps.
                        _denominatorH[j * k + r] = sum == T.Zero ? T.One : sum;
                    }
                }
            }
            else
            {
                FormTerms();
                _blas.Gemm(true, false, kl, t, f, 1.0, _w, _terms, 0.0, _numeratorStack);
                _blas.Gemm(true, false, kl, t, f, 1.0, _w, _lambda, 0.0, _denominatorStack);
                ShiftBackAndSum(_numeratorStack, _numeratorH);
                ShiftBackAndSum(_denominatorStack, _denominatorH);
            }

            MultiplicativeStep.Apply(_h, _numeratorH, _denominatorH, k, _gamma, _l1H, _l2H, zeroTiny: _beta <= 1.0, null);
            FormStack();
            _lambdaCurrent = false;
        }

        /// <summary>S from H: row τK + k, column j holds H[k, j − τ], 0 for j &lt; τ.</summary>
        private void FormStack()
        {
            int k = _rank, kl = _stacked;
            for (var j = 0; j < _columns; j++)
            {
                for (var lag = 0; lag < _lags; lag++)
                {
                    var target = _stack.AsSpan(j * kl + lag * k, k);
                    if (j < lag)
                    {
                        target.Clear();
                    }
                    else
                    {
                        _h.AsSpan((j - lag) * k, k).CopyTo(target);
                    }
                }
            }
        }

        /// <summary>out[k, j] = Σ_τ stacked[τK + k, j + τ] over j + τ &lt; T: the lags' products shifted back (shift←τ) and summed.</summary>
        private void ShiftBackAndSum(T[] stacked, T[] output)
        {
            int k = _rank, kl = _stacked, t = _columns;
            for (var j = 0; j < t; j++)
            {
                var target = output.AsSpan(j * k, k);
                stacked.AsSpan(j * kl, k).CopyTo(target);
                for (var lag = 1; lag < _lags && j + lag < t; lag++)
                {
                    TensorPrimitives.Add(target, stacked.AsSpan((j + lag) * kl + lag * k, k), target);
                }
            }
        }

        private void FormLambda()
        {
            if (!_lambdaCurrent)
            {
                _blas.Gemm(false, false, _rows, _columns, _stacked, 1.0, _w, _stack, 0.0, _lambda);
            }

            _lambdaCurrent = true;
        }

        /// <summary>Λ, then in one fused pass the numerator terms (into _terms; β=1: V./Λ over Λ) and the denominator terms over Λ.</summary>
        private void FormTerms()
        {
            FormLambda();
            switch (_beta)
            {
                case 1.0:
                    MultiplicativeUpdateKernels.KullbackLeibler<T>(_v, _lambda, _lambda, _eps32);
                    break;
                case 0.0:
                    MultiplicativeUpdateKernels.ItakuraSaito<T>(_v, _lambda, _terms, _lambda, _eps32);
                    break;
                case 0.5:
                    MultiplicativeUpdateKernels.HalfPower<T>(_v, _lambda, _terms, _lambda, _eps32);
                    break;
                case 1.5:
                    MultiplicativeUpdateKernels.ThreeHalvesPower<T>(_v, _lambda, _terms, _lambda, _eps32);
                    break;
                default:
                    MultiplicativeUpdateKernels.General<T>(_v, _lambda, _terms, _lambda, _beta, _eps32);
                    break;
            }

            _lambdaCurrent = false;
        }
    }
}
