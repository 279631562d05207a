using System.Numerics;
using BenchmarkDotNet.Attributes;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// Where one MU iteration spends its time, piece by piece, at the size of <see cref="MultiplicativeUpdateBenchmarks"/>
/// (F=1025, T=2584). Per factor update, β ∉ {1, 2} costs one W·H, one fused elementwise pass and two skinny
/// products; β=1 one W·H, the ratio pass and one skinny product; β=2 only small products after VHᵀ/WᵀV.
/// </summary>
[Config(typeof(ShortJobConfig))]
public class MultiplicativeUpdateStepBenchmarks
{
    private const int F = 1025, T = 2584;
    private IStep _step = null!;

    [Params(10, 88)]
    public int Rank { get; set; }

    [Params("float64", "float32")]
    public string Precision { get; set; } = "float64";

    [GlobalSetup]
    public void Setup()
    {
        var blas = Blas.Create();
        _step = Precision == "float32" ? new Step<float>(blas, Rank) : new Step<double>(blas, Rank);
    }

    [Benchmark(Description = "W·H (F×K·K×T)")]
    public void ProductWH() => _step.ProductWH();

    [Benchmark(Description = "β=0 fused terms V.*WH^-2, WH^-1")]
    public void ItakuraSaitoTerms() => _step.ItakuraSaitoTerms();

    [Benchmark(Description = "β=1 ratio V./WH")]
    public void KullbackLeiblerRatio() => _step.KullbackLeiblerRatio();

    [Benchmark(Description = "2 skinny products for W (F×T·T×K)")]
    public void SkinnyProductsW() => _step.SkinnyProductsW();

    [Benchmark(Description = "2 skinny products for H (K×F·F×T)")]
    public void SkinnyProductsH() => _step.SkinnyProductsH();

    private interface IStep
    {
        void ProductWH();
        void ItakuraSaitoTerms();
        void KullbackLeiblerRatio();
        void SkinnyProductsW();
        void SkinnyProductsH();
    }

    private sealed class Step<TValue> : IStep
        where TValue : unmanaged, IFloatingPointIeee754<TValue>
    {
        private readonly IBlas _blas;
        private readonly int _k;
        private readonly TValue[] _v, _w, _h, _wh, _numerator, _denominator, _factorW, _factorH;
        private readonly TValue _eps = TValue.CreateTruncating(MultiplicativeUpdate.Eps32);

        public Step(IBlas blas, int k)
        {
            _blas = blas;
            _k = k;
            var random = new Random(0);
            TValue[] Fill(int n) => Enumerable.Range(0, n).Select(_ => TValue.CreateTruncating(random.NextDouble() + 0.01)).ToArray();
            _v = Fill(F * T);
            _w = Fill(F * k);
            _h = Fill(k * T);
            _wh = Fill(F * T);
            _numerator = new TValue[F * T];
            _denominator = new TValue[F * T];
            _factorW = new TValue[F * k];
            _factorH = new TValue[k * T];
        }

        public void ProductWH() => _blas.Gemm(false, false, F, T, _k, 1.0, _w, _h, 0.0, _wh);

        public void ItakuraSaitoTerms() => MultiplicativeUpdateKernels.ItakuraSaito<TValue>(_v, _wh, _numerator, _denominator, _eps);

        public void KullbackLeiblerRatio() => MultiplicativeUpdateKernels.KullbackLeibler<TValue>(_v, _wh, _numerator, _eps);

        public void SkinnyProductsW()
        {
            _blas.Gemm(false, true, F, _k, T, 1.0, _numerator, _h, 0.0, _factorW);
            _blas.Gemm(false, true, F, _k, T, 1.0, _denominator, _h, 0.0, _factorW);
        }

        public void SkinnyProductsH()
        {
            _blas.Gemm(true, false, _k, T, F, 1.0, _w, _numerator, 0.0, _factorH);
            _blas.Gemm(true, false, _k, T, F, 1.0, _w, _denominator, 0.0, _factorH);
        }
    }
}
