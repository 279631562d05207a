using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.External;

namespace NmfGrid.Tasks.Tests.External;

/// <summary>
/// Issue 13 §3: models written in Python, run through the protocol from NmfGrid's W0 and H0, give the factors of the
/// built-in solvers (the numpy β-MU and scikit-learn's MU example against `mu`, to 1e-9 relative), and the job's
/// params reach the model.
/// </summary>
public sealed class ExternalAlgorithmTests : IDisposable
{
    private readonly ExternalProcessPool _pool = new();
    private readonly IBlas _blas = new ManagedBlas();

    public void Dispose() => _pool.Clear();

    private static Matrix<double> Uniform(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => 0.01 + random.NextDouble());
    }

    private static double RelativeError(Matrix<double> actual, Matrix<double> expected) =>
        (actual - expected).Enumerate().Max(Math.Abs) / expected.Enumerate().Max(Math.Abs);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void The_numpy_beta_MU_example_matches_the_built_in_mu_from_the_same_start(double beta)
    {
        var (v, w0, h0) = (Uniform(24, 30, 1), Uniform(24, 4, 2), Uniform(4, 30, 3));
        // tol > 0: the stop test (every 10 iterations) must fire at the same iteration too.
        var options = new NmfOptions { Rank = 4, Beta = beta, MaxIterations = 120, Tolerance = 1e-3 };
        var builtIn = new MultiplicativeUpdate().Run(v, w0, h0, options, _blas);

        var external = new ExternalAlgorithm(PythonModels.Model(PythonModels.Script("examples/numpy_beta_mu.py")), _pool)
            .Run(v, w0, h0, options, _blas);

        Assert.True(RelativeError(external.W, builtIn.W) < 1e-9, $"W differs by {RelativeError(external.W, builtIn.W):e2}");
        Assert.True(RelativeError(external.H, builtIn.H) < 1e-9, $"H differs by {RelativeError(external.H, builtIn.H):e2}");
        Assert.Equal(builtIn.Iterations, external.Iterations);
        Assert.Equal(builtIn.Converged, external.Converged);
        Assert.Equal(builtIn.Loss, external.Loss, 1e-9 * builtIn.Loss);
        Assert.Equal(builtIn.LossHistory.Select(p => p.Iteration), external.LossHistory.Select(p => p.Iteration));
        Assert.All(builtIn.LossHistory.Zip(external.LossHistory), p => Assert.Equal(p.First.Loss, p.Second.Loss, 1e-9 * p.First.Loss));
    }

    /// <summary>scikit-learn's own MU factors (fixtures made with Debian's scikit-learn 1.2.1, Compute's sklearn-nmf set).</summary>
    [Theory]
    [InlineData("mu_beta0.0_iter50_seed1", "examples/numpy_beta_mu.py", "{}")]
    [InlineData("mu_beta1.0_iter50_seed1", "examples/numpy_beta_mu.py", "{}")]
    [InlineData("mu_beta2.0_iter50_seed1", "examples/numpy_beta_mu.py", "{}")]
    [InlineData("mu_beta0.0_iter50_seed1", "examples/sklearn_nmf.py", """{"solver": "mu"}""")]
    [InlineData("mu_beta1.0_iter50_seed1", "examples/sklearn_nmf.py", """{"solver": "mu"}""")]
    [InlineData("mu_beta2.0_iter50_seed1", "examples/sklearn_nmf.py", """{"solver": "mu"}""")]
    public void The_python_examples_give_scikit_learns_factors_on_its_fixtures(string fixture, string script, string parameters)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(PythonModels.Fixture(Path.Combine("sklearn-nmf", fixture + ".json"))));
        Matrix<double> Read(string key) => Matrix<double>.Build.DenseOfRows(
            json.RootElement.GetProperty(key).EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetDouble())));
        var (v, w0, h0, w, h) = (Read("V"), Read("W0"), Read("H0"), Read("W"), Read("H"));
        var options = new NmfOptions
        {
            Rank = w.ColumnCount, Beta = json.RootElement.GetProperty("beta").GetDouble(),
            MaxIterations = json.RootElement.GetProperty("iterations").GetInt32(), Tolerance = 0,
        };

        var external = new ExternalAlgorithm(PythonModels.Model(PythonModels.Script(script), parameters), _pool).Run(v, w0, h0, options, _blas);

        Assert.True(RelativeError(external.W, w) < 1e-9, $"W differs from scikit-learn's by {RelativeError(external.W, w):e2}");
        Assert.True(RelativeError(external.H, h) < 1e-9, $"H differs from scikit-learn's by {RelativeError(external.H, h):e2}");
    }

    [Fact]
    public void The_scikit_learn_MU_example_matches_the_built_in_mu_from_the_same_start()
    {
        var (v, w0, h0) = (Uniform(20, 26, 4), Uniform(20, 3, 5), Uniform(3, 26, 6));
        var options = new NmfOptions { Rank = 3, Beta = 1.0, MaxIterations = 60, Tolerance = 0 };
        var builtIn = new MultiplicativeUpdate().Run(v, w0, h0, options, _blas);

        var external = new ExternalAlgorithm(PythonModels.Model(PythonModels.Script("examples/sklearn_nmf.py"), """{"solver": "mu"}"""), _pool)
            .Run(v, w0, h0, options, _blas);

        Assert.True(RelativeError(external.W, builtIn.W) < 1e-9, $"W differs by {RelativeError(external.W, builtIn.W):e2}");
        Assert.True(RelativeError(external.H, builtIn.H) < 1e-9, $"H differs by {RelativeError(external.H, builtIn.H):e2}");
        Assert.Equal(60, external.Iterations);
    }

    [Fact]
    public void The_scikit_learn_CD_example_matches_the_built_in_cd_from_the_same_start()
    {
        var (v, w0, h0) = (Uniform(20, 26, 7), Uniform(20, 3, 8), Uniform(3, 26, 9));
        var options = new NmfOptions { Rank = 3, Beta = 2.0, MaxIterations = 40, Tolerance = 1e-4 };
        var builtIn = new CoordinateDescent().Run(v, w0, h0, options, _blas);

        var external = new ExternalAlgorithm(PythonModels.Model(PythonModels.Script("examples/sklearn_nmf.py"), """{"solver": "cd"}"""), _pool)
            .Run(v, w0, h0, options, _blas);

        Assert.True(RelativeError(external.W, builtIn.W) < 1e-9, $"W differs by {RelativeError(external.W, builtIn.W):e2}");
        Assert.True(RelativeError(external.H, builtIn.H) < 1e-9, $"H differs by {RelativeError(external.H, builtIn.H):e2}");
        Assert.Equal(builtIn.Iterations, external.Iterations);
    }

    [Fact]
    public void Through_the_front_door_an_external_model_starts_from_NmfGrids_own_initialisation()
    {
        var v = Uniform(18, 22, 7);
        var options = new NmfOptions { Rank = 3, Beta = 1.0, MaxIterations = 30, Tolerance = 0 };
        var builtIn = Factorization.Run(v, "mu", "nndsvda", options, _blas);

        var solver = new ExternalAlgorithm(PythonModels.Model(PythonModels.Script("examples/numpy_beta_mu.py")), _pool);
        var external = Factorization.Run(v, solver, "nndsvda", options, _blas);

        Assert.True(RelativeError(external.W, builtIn.W) < 1e-9);
        Assert.True(RelativeError(external.H, builtIn.H) < 1e-9);
    }

    [Fact]
    public void The_params_reach_the_model_and_its_losses_come_back_between_NmfGrids_own()
    {
        var (v, w0, h0) = (Uniform(6, 8, 1), Uniform(6, 2, 2), Uniform(2, 8, 3));
        var options = new NmfOptions { Rank = 2, Beta = 1.0, MaxIterations = 3 };
        var model = PythonModels.Model(PythonModels.Fixture("faulty_model.py"), """{"mode": "ok", "scale": 2.5}""");

        var result = new ExternalAlgorithm(model, _pool).Run(v, w0, h0, options, _blas);

        Assert.True(RelativeError(result.W, 2.5 * w0) < 1e-15);
        // The model reported losses after iterations 1, 2, 3: NmfGrid keeps 1 and 2, and scores 0 and 3 itself.
        Assert.Equal([0, 1, 2, 3], result.LossHistory.Select(p => p.Iteration));
        Assert.Equal([1.0, 0.5], result.LossHistory.Skip(1).Take(2).Select(p => p.Loss));
        Assert.Equal(Compute.Losses.BetaDivergence.Compute(v, result.W, result.H, 1.0, _blas), result.Loss);
        Assert.Equal(3, result.Iterations);
    }

    [Fact]
    public void A_float32_job_travels_as_float64_and_comes_back_as_float32()
    {
        var (v, w0, h0) = (Uniform(6, 8, 1), Uniform(6, 2, 2), Uniform(2, 8, 3));
        var options = new NmfOptions { Rank = 2, Beta = 2.0, MaxIterations = 3 };
        var model = PythonModels.Model(PythonModels.Fixture("faulty_model.py"), """{"scale": 2.0}""");

        var result = new ExternalAlgorithm(model, _pool).Run(v.Map(x => (float)x), w0.Map(x => (float)x), h0.Map(x => (float)x), options, _blas);

        Assert.Equal(2f * (float)w0[3, 1], result.W[3, 1]);
    }
}
