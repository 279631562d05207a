using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// Time per MU iteration on V of 1025×2584, on the very matrices scikit-learn factorises in
/// sklearn_baseline.py: run through bench/run-mu-vs-sklearn.sh, which writes them (one folder per β and K,
/// in NMFGRID_BENCH_INPUT) and prints both timings side by side. Float32 casts the float64 files, as
/// numpy's astype does. BLAS: Blas.Create(Auto), so NMFGRID_BLAS and NMFGRID_BLAS_THREADS choose.
/// </summary>
[Config(typeof(QuickJobConfig))]
public class MultiplicativeUpdateBenchmarks
{
    /// <summary>MU iterations per measured call; sklearn_baseline.py runs with --iters equal to it.</summary>
    public const int Iterations = 20;

    public const string InputVariable = "NMFGRID_BENCH_INPUT";

    private readonly MultiplicativeUpdate _mu = new();
    private IBlas _blas = new ManagedBlas();
    private NmfOptions _options = new() { Rank = 1 };
    private Action _run = () => { };

    [Params(10, 88)]
    public int Rank { get; set; }

    [Params(0.0, 1.0, 2.0)]
    public double Beta { get; set; }

    [Params("float64", "float32")]
    public string Precision { get; set; } = "float64";

    [GlobalSetup]
    public void Setup()
    {
        var root = Environment.GetEnvironmentVariable(InputVariable) is { Length: > 0 } folder
            ? folder
            : throw new InvalidOperationException(
                $"{InputVariable} is not set: run bench/run-mu-vs-sklearn.sh, which writes the inputs and sets it.");
        var cell = Path.Combine(root, $"beta{Beta:0}-rank{Rank}");
        var v = NpyMatrix.Read(Path.Combine(cell, "V.npy"));
        var w0 = NpyMatrix.Read(Path.Combine(cell, $"W0_{Rank}.npy"));
        var h0 = NpyMatrix.Read(Path.Combine(cell, $"H0_{Rank}.npy"));
        _blas = Blas.Create();
        _options = new NmfOptions { Rank = Rank, Beta = Beta, MaxIterations = Iterations, Tolerance = 0 };
        if (Precision == "float32")
        {
            Matrix<float> v32 = v.Map(x => (float)x), w32 = w0.Map(x => (float)x), h32 = h0.Map(x => (float)x);
            _run = () => _mu.Run(v32, w32, h32, _options, _blas);
        }
        else
        {
            _run = () => _mu.Run(v, w0, h0, _options, _blas);
        }
        Console.WriteLine($"// BLAS: {_blas.Description}");
    }

    [Benchmark(OperationsPerInvoke = Iterations)]
    public void MultiplicativeUpdateIteration() => _run();
}
