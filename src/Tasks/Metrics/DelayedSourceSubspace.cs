using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// The subspace spanned by the reference sources delayed by 0…L−1 samples, and least-squares projections of an
/// estimate onto it (BSS Eval's distortion-filter model, Vincent, Gribonval &amp; Févotte 2006):
///   G[(i,a),(j,b)] = ⟨s_i(·−a), s_j(·−b)⟩,  D[(i,a)] = ⟨s_i(·−a), ŝ⟩,  C = (G + ρI)⁻¹ D,
///   P(ŝ)[t] = Σ_i Σ_a C[i,a]·s_i[t−a],  t = 0 … n+L−2.
/// Correlations and convolutions go through zero-padded real FFTs of size 2^⌈log2(n+L−1)⌉ (no circular wrap).
/// G and its factorisations depend only on the references, so they are built once and reused for every
/// estimate; the projection on one reference alone uses the diagonal block G_jj.
/// </summary>
internal sealed class DelayedSourceSubspace
{
    private readonly HalfSpectrum[] _spectra;
    private readonly RealFourierTransform _transform;
    private readonly Matrix<double> _gram;
    private readonly double _ridge;
    private Solver? _all;
    private readonly Solver?[] _single;

    public int SourceCount { get; }
    public int SampleCount { get; }
    public int FilterLength { get; }
    public int FftSize { get; }

    /// <param name="references">Equal-length reference signals.</param>
    /// <param name="filterLength">L, the number of filter taps (512 in BSS Eval).</param>
    /// <param name="ridge">ρ added to the diagonal of G (0 in mir_eval v3; machine epsilon in museval v4).</param>
    public DelayedSourceSubspace(IReadOnlyList<double[]> references, int filterLength, double ridge)
    {
        SourceCount = references.Count;
        SampleCount = references[0].Length;
        FilterLength = filterLength;
        FftSize = FftLength(SampleCount + filterLength - 1);
        _ridge = ridge;
        _single = new Solver?[SourceCount];

        _transform = new RealFourierTransform(FftSize);
        _spectra = references.Select(r => HalfSpectrum.Of(r, _transform)).ToArray();
        int l = filterLength;
        _gram = Matrix<double>.Build.Dense(SourceCount * l, SourceCount * l);
        for (int i = 0; i < SourceCount; i++)
        {
            for (int j = i; j < SourceCount; j++)
            {
                // r[k] = Σ_n s_i[n+k]·s_j[n] = real(ifft(S_i·conj(S_j)))[k mod N].
                var r = CrossCorrelation(_spectra[i], _spectra[j]);
                for (int a = 0; a < l; a++)
                {
                    for (int b = 0; b < l; b++)
                    {
                        double v = r[Wrap(b - a)];
                        _gram[i * l + a, j * l + b] = v;
                        if (i != j) _gram[j * l + b, i * l + a] = v;
                    }
                }
            }
        }
    }

    /// <summary>D[(i,a)] = ⟨s_i delayed by a, ŝ⟩ for every reference i and delay a.</summary>
    public double[] Correlations(double[] estimate)
    {
        var estimateSpectrum = HalfSpectrum.Of(estimate, _transform);
        int l = FilterLength;
        var d = new double[SourceCount * l];
        for (int i = 0; i < SourceCount; i++)
        {
            var r = CrossCorrelation(_spectra[i], estimateSpectrum);
            for (int a = 0; a < l; a++) d[i * l + a] = r[Wrap(-a)];
        }
        return d;
    }

    /// <summary>Distortion filters of the projection on all references (nsrc·L coefficients, source-major).</summary>
    public double[] FiltersOnAll(double[] correlations)
    {
        _all ??= new Solver(_gram, _ridge);
        return _all.Solve(correlations);
    }

    /// <summary>Distortion filter (L coefficients) of the projection on reference j alone.</summary>
    public double[] FiltersOnOne(int j, double[] correlations)
    {
        int l = FilterLength;
        _single[j] ??= new Solver(_gram.SubMatrix(j * l, l, j * l, l), _ridge);
        return _single[j]!.Solve(correlations.AsSpan(j * l, l).ToArray());
    }

    /// <summary>Σ_i (C_i ∗ s_i), length n+L−1, for filters on all references (source-major).</summary>
    public double[] ProjectAll(double[] filters)
    {
        var sum = HalfSpectrum.Zero(_transform);
        for (int i = 0; i < SourceCount; i++) sum.AddProduct(_spectra[i], HalfSpectrum.Of(filters.AsSpan(i * FilterLength, FilterLength), _transform));
        return sum.Inverse(_transform, SampleCount + FilterLength - 1);
    }

    /// <summary>C ∗ s_j, length n+L−1.</summary>
    public double[] ProjectOne(int j, double[] filter)
    {
        var sum = HalfSpectrum.Zero(_transform);
        sum.AddProduct(_spectra[j], HalfSpectrum.Of(filter, _transform));
        return sum.Inverse(_transform, SampleCount + FilterLength - 1);
    }

    /// <summary>Filters a signal by FIR coefficients: full linear convolution, length n + L − 1.</summary>
    public static double[] Convolve(ReadOnlySpan<double> signal, ReadOnlySpan<double> filter) =>
        ConvolveMany([signal.ToArray()], [filter.ToArray()], FftLength(signal.Length + filter.Length - 1));

    /// <summary>Σ_i signal_i ∗ filter_i (all signals of one length), through real FFTs of size <paramref name="fftSize"/>.</summary>
    public static double[] ConvolveMany(IReadOnlyList<double[]> signals, IReadOnlyList<double[]> filters, int fftSize)
    {
        var transform = new RealFourierTransform(fftSize);
        var sum = HalfSpectrum.Zero(transform);
        for (int i = 0; i < signals.Count; i++) sum.AddProduct(HalfSpectrum.Of(signals[i], transform), HalfSpectrum.Of(filters[i], transform));
        return sum.Inverse(transform, signals[0].Length + filters[0].Length - 1);
    }

    /// <summary>The FFT size BSS Eval uses: 2^⌈log2(length)⌉.</summary>
    public static int FftLength(int length)
    {
        int n = 1;
        while (n < length) n <<= 1;
        return n;
    }

    private int Wrap(int k) => k < 0 ? k + FftSize : k;

    /// <summary>r[k] = Σ_n a[n+k]·b[n] (circular, size N): the inverse of A·conj(B).</summary>
    private double[] CrossCorrelation(HalfSpectrum a, HalfSpectrum b)
    {
        var product = HalfSpectrum.Zero(_transform);
        product.AddProduct(a, b, conjugate: true);
        return product.Inverse(_transform, FftSize);
    }

    /// <summary>
    /// Solves G·C = D. G is a Gram matrix, symmetric positive definite for any audible references, so a Cholesky
    /// factorisation does it (a fraction of the cost of numpy's LU, and equally accurate for an SPD system); should
    /// Cholesky fail, LU; when G is exactly singular (a zero pivot, numpy's LinAlgError) the minimum-norm
    /// least-squares solution by SVD, as BSS Eval falls back to lstsq.
    /// </summary>
    private sealed class Solver
    {
        private readonly Cholesky<double>? _cholesky;
        private readonly LU<double>? _lu;
        private readonly Svd<double>? _svd;

        public Solver(Matrix<double> gram, double ridge)
        {
            var g = ridge == 0 ? gram : gram + ridge * Matrix<double>.Build.DenseIdentity(gram.RowCount);
            try
            {
                _cholesky = g.Cholesky();
                return;
            }
            catch (ArgumentException)
            {
                // Not numerically positive definite: fall through to LU.
            }
            var lu = g.LU();
            var u = lu.U;
            for (int k = 0; k < u.RowCount; k++)
            {
                if (u[k, k] == 0)
                {
                    _svd = gram.Svd(computeVectors: true);
                    return;
                }
            }
            _lu = lu;
        }

        public double[] Solve(double[] rhs)
        {
            var b = Vector<double>.Build.Dense(rhs);
            if (_cholesky is not null) return _cholesky.Solve(b).ToArray();
            return (_lu is not null ? _lu.Solve(b) : _svd!.Solve(b)).ToArray();
        }
    }
}
