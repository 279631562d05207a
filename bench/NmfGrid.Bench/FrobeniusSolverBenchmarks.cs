using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// Time for <see cref="Iterations"/> iterations of the Frobenius solvers ("hals", "cd") at audio size
/// (F=1025 bins, T=2584 frames: 30 s at 44.1 kHz, hop 512), on a rank-40 nonnegative V plus a little noise,
/// from a random start. BLAS: Blas.Create(Auto), so NMFGRID_BLAS and NMFGRID_BLAS_THREADS choose.
/// HALS does several inner sweeps per update, so compare the solvers by loss reached per second, not per iteration.
/// </summary>
[Config(typeof(QuickJobConfig))]
public class FrobeniusSolverBenchmarks
{
    public const int Iterations = 10;
    private const int F = 1025, T = 2584;

    private IBlas _blas = new ManagedBlas();
    private Action _run = () => { };

    [Params("hals", "cd")]
    public string Solver { get; set; } = "hals";

    [Params(10, 88)]
    public int Rank { get; set; }

    [Params("float64", "float32")]
    public string Precision { get; set; } = "float64";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        var a = Matrix<double>.Build.Dense(F, 40, (_, _) => Math.Pow(random.NextDouble(), 3));
        var b = Matrix<double>.Build.Dense(40, T, (_, _) => Math.Pow(random.NextDouble(), 3));
        var v = a * b + Matrix<double>.Build.Dense(F, T, (_, _) => 1e-3 * random.NextDouble());
        var w0 = Matrix<double>.Build.Dense(F, Rank, (_, _) => random.NextDouble());
        var h0 = Matrix<double>.Build.Dense(Rank, T, (_, _) => random.NextDouble());
        _blas = Blas.Create();
        var solver = AlgorithmRegistry.Get(Solver);
        var options = new NmfOptions { Rank = Rank, MaxIterations = Iterations, Tolerance = 0 };
        if (Precision == "float32")
        {
            Matrix<float> v32 = v.Map(x => (float)x), w32 = w0.Map(x => (float)x), h32 = h0.Map(x => (float)x);
            _run = () => solver.Run(v32, w32, h32, options, _blas);
        }
        else
        {
            _run = () => solver.Run(v, w0, h0, options, _blas);
        }
    }

    [Benchmark(Description = "10 iterations, 1025×2584")]
    public void Run() => _run();
}
