using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// One NMFD iteration (L = 8 lags) against one MU iteration (the baseline) at audio size: V 1025×2584 (30 s at
/// 44.1 kHz, hop 512), K = 10, from the same random start; <see cref="Iterations"/> iterations per call, loss at
/// the start and the end. NMFD's products have inner size K·L, so expect about L× MU's GEMM time plus the same
/// elementwise passes. BLAS: Blas.Create(Auto), so NMFGRID_BLAS and NMFGRID_BLAS_THREADS choose.
///   dotnet run -c Release --project bench/NmfGrid.Bench -- --filter '*ConvolutiveNmf*'
/// </summary>
[Config(typeof(QuickJobConfig))]
public class ConvolutiveNmfBenchmarks
{
    public const int Iterations = 10;
    private const int F = 1025, T = 2584, K = 10, L = 8;

    private readonly MultiplicativeUpdate _mu = new();
    private readonly ConvolutiveNmf _nmfd = new();
    private IBlas _blas = new ManagedBlas();
    private Matrix<double> _v = Matrix<double>.Build.Dense(1, 1), _w0 = Matrix<double>.Build.Dense(1, 1), _h0 = Matrix<double>.Build.Dense(1, 1);
    private NmfOptions _options = new() { Rank = K };

    [Params(1.0, 2.0)]
    public double Beta { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        var a = Matrix<double>.Build.Dense(F, 40, (_, _) => Math.Pow(random.NextDouble(), 3));
        var b = Matrix<double>.Build.Dense(40, T, (_, _) => Math.Pow(random.NextDouble(), 3));
        _v = a * b + Matrix<double>.Build.Dense(F, T, (_, _) => 1e-3 * random.NextDouble());
        _w0 = Matrix<double>.Build.Dense(F, K, (_, _) => random.NextDouble());
        _h0 = Matrix<double>.Build.Dense(K, T, (_, _) => random.NextDouble());
        _blas = Blas.Create();
        _options = new NmfOptions
        {
            Rank = K, Beta = Beta, MaxIterations = Iterations, Tolerance = 0,
            Parameters = new Dictionary<string, double> { ["lags"] = L },
        };
        Console.WriteLine($"// BLAS: {_blas.Description}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations, Description = "mu iteration, K=10")]
    public void MultiplicativeUpdateIteration() => _mu.Run(_v, _w0, _h0, _options with { Parameters = new Dictionary<string, double>() }, _blas);

    [Benchmark(OperationsPerInvoke = Iterations, Description = "nmfd iteration, K=10, L=8")]
    public void ConvolutiveIteration() => _nmfd.Run(_v, _w0, _h0, _options, _blas);
}
