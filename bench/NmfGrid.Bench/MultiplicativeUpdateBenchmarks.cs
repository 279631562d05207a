using BenchmarkDotNet.Attributes;
using System.Numerics;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.IO;

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
        _blas = Blas.Create();
        _options = new NmfOptions { Rank = Rank, Beta = Beta, MaxIterations = Iterations, Tolerance = 0 };
        _run = Precision == "float32" ? Prepare<float>(cell) : Prepare<double>(cell);
        Console.WriteLine($"// BLAS: {_blas.Description}");
    }

    /// <summary>Reads the cell's V, W0, H0 (float64 files; float32 rounds them, as numpy's astype does).</summary>
    private Action Prepare<T>(string cell)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = NpyReader.ReadMatrix<T>(Path.Combine(cell, "V.npy"));
        var w0 = NpyReader.ReadMatrix<T>(Path.Combine(cell, $"W0_{Rank}.npy"));
        var h0 = NpyReader.ReadMatrix<T>(Path.Combine(cell, $"H0_{Rank}.npy"));
        return () => _mu.Run(v, w0, h0, _options, _blas);
    }

    [Benchmark(OperationsPerInvoke = Iterations)]
    public void MultiplicativeUpdateIteration() => _run();
}
