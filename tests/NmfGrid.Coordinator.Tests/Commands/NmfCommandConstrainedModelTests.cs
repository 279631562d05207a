using System.CommandLine;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.IO;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>`nmfgrid nmf` with the constrained models and their own parameters (--param name=value).</summary>
public sealed class NmfCommandConstrainedModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmfgrid-constrained-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private string[] Small(params string[] more)
    {
        var random = new Random(1);
        var v = Matrix<double>.Build.Dense(20, 3, (_, _) => random.NextDouble()) * Matrix<double>.Build.Dense(3, 15, (_, _) => random.NextDouble());
        var input = Path.Combine(_dir, "V.npy");
        NpyWriter.Write(input, v + 0.01);
        return ["nmf", "--input", input, "--rank", "3", "--max-iter", "20", "--tol", "0", "--backend", "managed",
                "--out", Path.Combine(_dir, "run"), .. more];
    }

    [Theory]
    [InlineData("sparse_mu", "1", "sparsity=0.05")]
    [InlineData("minvol", "1", "lambda=0.1")]
    [InlineData("minvol", "0", "delta=0.1")]
    [InlineData("minvol", "2", "lambda=0.5")]
    public void A_constrained_model_runs_with_its_parameter_and_writes_W_and_H(string algorithm, string beta, string parameter)
    {
        var (code, _, error) = Run(Small("--algorithm", algorithm, "--beta", beta, "--param", parameter));

        Assert.True(code == 0, error);
        var w = NpyReader.ReadMatrix<double>(Path.Combine(_dir, "run", "W.npy"));
        var h = NpyReader.ReadMatrix<double>(Path.Combine(_dir, "run", "H.npy"));
        Assert.Equal((20, 3, 3, 15), (w.RowCount, w.ColumnCount, h.RowCount, h.ColumnCount));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "run", "result.json")));
        Assert.Equal(algorithm, json.RootElement.GetProperty("algorithm").GetString());
        Assert.Equal(21, json.RootElement.GetProperty("loss_history").GetArrayLength()); // the start and every iteration
    }

    [Theory]
    [InlineData("sparsity must be in [0, ", "sparse_mu", "sparsity=-1")]
    [InlineData("lambda must be in [", "minvol", "lambda=0")]
    [InlineData("Algorithm 'sparse_mu' has no parameter 'delta' (known: sparsity)", "sparse_mu", "delta=0.1")]
    public void A_bad_model_parameter_exits_non_zero_naming_it(string message, string algorithm, string parameter)
    {
        var (code, _, error) = Run(Small("--algorithm", algorithm, "--beta", "1", "--param", parameter));

        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
        Assert.False(File.Exists(Path.Combine(_dir, "run", "W.npy")));
    }

    [Fact]
    public void Minvol_at_an_unsupported_beta_exits_non_zero_naming_beta()
    {
        var (code, _, error) = Run(Small("--algorithm", "minvol", "--beta", "1.5"));

        Assert.NotEqual(0, code);
        Assert.Contains("β = 1.5", error);
    }
}
