using BenchmarkDotNet.Attributes;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// The products one MU iteration is made of, at audio size (F=1025 bins, T=2584 frames = 30 s at 44.1 kHz,
/// K=10), per backend and thread count: W·H (1025×10 · 10×2584) and the skinny V·Hᵀ (1025×2584 · 2584×10).
/// </summary>
[Config(typeof(ShortJobConfig))]
public class GemmBenchmarks
{
    private const int F = 1025, T = 2584, K = 10;
    private const int Square = 1024;
    private double[] _w = [], _h = [], _v = [], _wh = [], _vht = [], _hvt = [], _wtv = [], _vtw = [];
    private double[] _a = [], _b = [], _c = [];
    private IBlas _blas = new ManagedBlas();

    /// <summary>"backend/threads"; backends absent on this machine are left out.</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "managed/1";

    public static IEnumerable<string> Backends()
    {
        yield return "managed/1";
        foreach (var backend in new[] { BlasBackend.OpenBlas, BlasBackend.Mkl })
            if (Blas.TryCreate(backend, 1, out _, out _))
                foreach (var threads in new[] { 1, 2 })
                    yield return $"{backend.ToName()}/{threads}";
    }

    [GlobalSetup]
    public void Setup()
    {
        var parts = Backend.Split('/');
        _blas = Blas.Create(BlasBackendName.Parse(parts[0]), int.Parse(parts[1]));
        var random = new Random(0);
        double[] Fill(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        _w = Fill(F * K);
        _h = Fill(K * T);
        _v = Fill(F * T);
        _wh = new double[F * T];
        _vht = new double[F * K];
        _hvt = new double[K * F];
        _wtv = new double[K * T];
        _vtw = new double[T * K];
        _a = Fill(Square * Square);
        _b = Fill(Square * Square);
        _c = new double[Square * Square];
    }

    [Benchmark(Description = "W·H 1025×10·10×2584")]
    public void ProductWH() => _blas.Gemm(false, false, F, T, K, 1.0, _w, _h, 0.0, _wh);

    [Benchmark(Description = "V·Hᵀ 1025×2584·2584×10")]
    public void ProductVHt() => _blas.Gemm(false, true, F, K, T, 1.0, _v, _h, 0.0, _vht);

    // The same products with the operands swapped (the K×F or T×K result is the transpose): which layout
    // the BLAS kernels prefer for skinny products decides the β=2 MU step's cost.
    [Benchmark(Description = "(H·Vᵀ)ᵀ 10×2584·2584×1025")]
    public void ProductHVt() => _blas.Gemm(false, true, K, F, T, 1.0, _h, _v, 0.0, _hvt);

    [Benchmark(Description = "Wᵀ·V 10×1025·1025×2584")]
    public void ProductWtV() => _blas.Gemm(true, false, K, T, F, 1.0, _w, _v, 0.0, _wtv);

    [Benchmark(Description = "(Vᵀ·W)ᵀ 2584×1025·1025×10")]
    public void ProductVtW() => _blas.Gemm(true, false, T, K, F, 1.0, _v, _w, 0.0, _vtw);

    // The backend's best case (2·1024³ flops, cache-blocked at full speed): what bounds any MU iteration made
    // of the same products, whoever calls the BLAS (docs/performance.md, "How far 5× can go").
    [Benchmark(Description = "square 1024×1024·1024×1024")]
    public void ProductSquare() => _blas.Gemm(false, false, Square, Square, Square, 1.0, _a, _b, 0.0, _c);
}
