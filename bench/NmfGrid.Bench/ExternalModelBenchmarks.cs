using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.External;

namespace NmfGrid.Bench;

/// <summary>
/// What the external-model protocol costs a job (issue 13 §4): V 1025×2584, K = 10, β = 1, 200 iterations.
/// <list type="bullet">
/// <item><c>BuiltInMu</c>: the built-in `mu`, in-process (the baseline a job would cost without the protocol).</item>
/// <item><c>ProtocolRoundTrip</c>: an external model that returns W0 and H0 at once, so only the protocol is timed: V,
/// W0, H0 written as .npy, one JSON request and reply over the pooled process's pipes, W and H read back and checked,
/// and the start and end losses NmfGrid computes itself.</item>
/// <item><c>ExternalNumpyMu</c>: python/examples/numpy_beta_mu.py through the protocol, the same updates in numpy.</item>
/// </list>
/// The process is started in the global setup and pooled, as a worker slot keeps it: start-up is paid once per slot,
/// not per job. Needs a python3 with numpy (NMFGRID_PYTHON, else /usr/bin/python3).
/// </summary>
[Config(typeof(QuickJobConfig))]
public class ExternalModelBenchmarks
{
    private const int Rows = 1025, Columns = 2584, Rank = 10, Iterations = 200;

    private readonly MultiplicativeUpdate _mu = new();
    private readonly ExternalProcessPool _pool = new();
    private IBlas _blas = new ManagedBlas();
    private Matrix<double> _v = Matrix<double>.Build.Dense(1, 1), _w0 = Matrix<double>.Build.Dense(1, 1), _h0 = Matrix<double>.Build.Dense(1, 1);
    private NmfOptions _options = new() { Rank = Rank };
    private ExternalAlgorithm? _identity, _numpyMu;
    private string _folder = "";

    [GlobalSetup]
    public void Setup()
    {
        _blas = Blas.Create();
        var random = new Random(3);
        // A spectrogram-like V: a nonnegative rank-12 product plus a little noise, strictly positive.
        var a = Matrix<double>.Build.Dense(Rows, 12, (_, _) => random.NextDouble());
        var b = Matrix<double>.Build.Dense(12, Columns, (_, _) => random.NextDouble());
        _v = (a * b).Map(x => x + 0.01 * random.NextDouble());
        _w0 = Matrix<double>.Build.Dense(Rows, Rank, (_, _) => random.NextDouble() + 0.1);
        _h0 = Matrix<double>.Build.Dense(Rank, Columns, (_, _) => random.NextDouble() + 0.1);
        _options = new NmfOptions { Rank = Rank, Beta = 1, MaxIterations = Iterations, Tolerance = 0 };

        var python = Environment.GetEnvironmentVariable("NMFGRID_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";
        var client = RepositoryFile("python/nmfgrid_model.py");
        _folder = Directory.CreateTempSubdirectory("nmfgrid-bench-external-").FullName;
        var identity = Path.Combine(_folder, "identity.py");
        File.WriteAllText(identity, $"""
            import sys
            sys.path.insert(0, {System.Text.Json.JsonSerializer.Serialize(Path.GetDirectoryName(client))})
            from nmfgrid_model import serve
            serve(lambda V, W0, H0, params: (W0, H0))
            """);
        _identity = new ExternalAlgorithm(Model($"{python} '{identity}'"), _pool);
        _numpyMu = new ExternalAlgorithm(Model($"{python} '{RepositoryFile("python/examples/numpy_beta_mu.py")}'"), _pool);
        // Start both processes (and check they answer) before anything is measured.
        _identity.Run(_v, _w0, _h0, _options, _blas);
        _numpyMu.Run(_v, _w0, _h0, _options with { MaxIterations = 1 }, _blas);
        Console.WriteLine($"// BLAS: {_blas.Description}; python: {python}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Clear();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public double BuiltInMu() => _mu.Run(_v, _w0, _h0, _options, _blas).Loss;

    [Benchmark]
    public double ProtocolRoundTrip() => _identity!.Run(_v, _w0, _h0, _options, _blas).Loss;

    [Benchmark]
    public double ExternalNumpyMu() => _numpyMu!.Run(_v, _w0, _h0, _options, _blas).Loss;

    private static ExternalModel Model(string command) => new(command, null, new Dictionary<string, string>(), "{}", null);

    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
