using System.CommandLine;
using System.Text.Json;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;
using NmfGrid.Tasks.IO;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>`nmfgrid nmf` on 3-D .npy input: the tensor models, their files, and the errors when input and algorithm disagree.</summary>
public sealed class TensorNmfCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmfgrid-tensor-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A positive 4×5×6 tensor of CP rank 2, saved as a 3-D .npy.</summary>
    private string SaveX(string name = "X.npy")
    {
        var random = new Random(2);
        var x = Tensor3.Build(4, 5, 6, (_, _, _) => 0);
        var factors = new[] { 4, 5, 6 }.Select(n => MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, 2, (_, _) => random.NextDouble())).ToArray();
        var model = TensorModel.Cp(factors, new ManagedBlas());
        var path = PathOf(name);
        NpyWriter.Write(path, NpyArray<double>.FromColumnMajor(model.Shape, model.Data.Select(v => v + 0.01).ToArray()));
        return path;
    }

    private string[] Small(string algorithm, string input, string outDir, params string[] more) =>
        ["nmf", "--input", input, "--algorithm", algorithm, "--rank", "2", "--max-iter", "15", "--tol", "0", "--backend", "managed", "--out", outDir, .. more];

    [Fact]
    public void Cp_on_a_3d_input_writes_a_factor_per_mode_and_result_json()
    {
        var outDir = PathOf("cp");

        var (code, output, error) = Run(Small("cp_mu", SaveX(), outDir, "--beta", "1"));

        Assert.True(code == 0, error);
        Assert.Contains("A0.npy", output);
        Assert.Equal(new[] { 4, 2 }, NpyReader.Read<double>(Path.Combine(outDir, "A0.npy")).Shape.ToArray());
        Assert.Equal(new[] { 5, 2 }, NpyReader.Read<double>(Path.Combine(outDir, "A1.npy")).Shape.ToArray());
        Assert.Equal(new[] { 6, 2 }, NpyReader.Read<double>(Path.Combine(outDir, "A2.npy")).Shape.ToArray());
        Assert.False(File.Exists(Path.Combine(outDir, "core.npy")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")));
        Assert.Equal("cp", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(15, json.RootElement.GetProperty("iterations").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("shape").GetArrayLength());
    }

    [Fact]
    public void Tucker_writes_the_core_with_the_ranks_given_per_mode()
    {
        var outDir = PathOf("tucker");

        var (code, _, error) = Run(Small("tucker_hals", SaveX(), outDir, "--param", "rank_2=3"));

        Assert.True(code == 0, error);
        Assert.Equal(new[] { 2, 2, 3 }, NpyReader.Read<double>(Path.Combine(outDir, "core.npy")).Shape.ToArray());
        Assert.Equal(new[] { 6, 3 }, NpyReader.Read<double>(Path.Combine(outDir, "A2.npy")).Shape.ToArray());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")));
        Assert.Equal("core.npy", json.RootElement.GetProperty("core").GetString());
        Assert.Equal([2, 2, 3], json.RootElement.GetProperty("ranks").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void A_3d_input_to_a_matrix_algorithm_names_the_file_and_its_shape()
    {
        var input = SaveX();

        var (code, _, error) = Run(Small("mu", input, PathOf("o")));

        Assert.Equal(1, code);
        Assert.Contains(input, error);
        Assert.Contains("3-D array (4, 5, 6)", error);
        Assert.Contains("'mu' factorises matrices", error);
    }

    [Fact]
    public void A_2d_input_to_a_tensor_model_names_the_file_and_its_shape()
    {
        var input = PathOf("V.npy");
        NpyWriter.Write(input, MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(6, 7, 1.0));

        var (code, _, error) = Run(Small("cp_hals", input, PathOf("o")));

        Assert.Equal(1, code);
        Assert.Contains(input, error);
        Assert.Contains("2-D array (6, 7)", error);
        Assert.Contains("'cp_hals' factorises 3-way tensors", error);
    }

    [Fact]
    public void Float32_and_demo_are_refused_for_tensor_models_by_option()
    {
        var (code, _, error) = Run(Small("cp_mu", SaveX(), PathOf("o"), "--dtype", "float32"));
        Assert.Equal(1, code);
        Assert.Contains("--dtype float32", error);

        (code, _, error) = Run("nmf", "--demo", "--algorithm", "tucker_mu", "--out", PathOf("d"));
        Assert.Equal(1, code);
        Assert.Contains("--demo makes a matrix", error);
    }

    [Fact]
    public void A_nan_in_the_tensor_names_the_file_and_the_entry()
    {
        var input = PathOf("bad.npy");
        var data = Enumerable.Repeat(1.0, 24).ToArray();
        data[5] = double.NaN;
        NpyWriter.Write(input, NpyArray<double>.FromColumnMajor([2, 3, 4], data));

        var (code, _, error) = Run(Small("cp_hals", input, PathOf("o")));

        Assert.Equal(1, code);
        Assert.Contains(input, error);
        Assert.Contains("X[1, 2, 0]", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
