using System.CommandLine;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Tasks.IO;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>`nmfgrid nmf` end to end, in process, through Program.Build() as the executable runs it.</summary>
public sealed class NmfCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmfgrid-nmf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A small positive 20×15 matrix of (true) rank 3, saved as .npy.</summary>
    private string SaveV(string name = "V.npy", int rows = 20, int columns = 15)
    {
        var random = new Random(1);
        var w = Matrix<double>.Build.Dense(rows, 3, (_, _) => random.NextDouble());
        var h = Matrix<double>.Build.Dense(3, columns, (_, _) => random.NextDouble());
        var path = PathOf(name);
        NpyWriter.Write(path, w * h + 0.01);
        return path;
    }

    private string[] Small(string input, string outDir, params string[] more) =>
        ["nmf", "--input", input, "--rank", "3", "--max-iter", "20", "--tol", "0", "--backend", "managed", "--out", outDir, .. more];

    [Fact]
    public void List_prints_algorithms_then_initialisations_each_under_a_heading()
    {
        var (code, output, _) = Run("nmf", "--list");

        Assert.Equal(0, code);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        string[] expected =
        [
            "Algorithms (--algorithm):", .. AlgorithmRegistry.Names.Select(n => "  " + n), "",
            "Initialisations (--init):", .. InitialisationRegistry.Names.Select(n => "  " + n), "",
        ];
        Assert.Equal(expected, lines);
    }

    [Theory]
    [InlineData("algorithms")]
    [InlineData("initialisations")]
    public void List_of_one_kind_prints_only_that_kind(string kind)
    {
        var (code, output, _) = Run("nmf", "--list", kind);

        Assert.Equal(0, code);
        var expected = kind == "algorithms" ? AlgorithmRegistry.Names : InitialisationRegistry.Names;
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void Factorisation_writes_W_H_and_result_json_with_the_right_shapes_and_keys()
    {
        var outDir = PathOf("run");

        var (code, output, error) = Run(Small(SaveV(), outDir, "--beta", "1", "--seed", "4"));

        Assert.True(code == 0, error);
        Assert.Contains("W.npy", output);
        var w = NpyReader.ReadMatrix<double>(Path.Combine(outDir, "W.npy"));
        var h = NpyReader.ReadMatrix<double>(Path.Combine(outDir, "H.npy"));
        Assert.Equal((20, 3), (w.RowCount, w.ColumnCount));
        Assert.Equal((3, 15), (h.RowCount, h.ColumnCount));
        Assert.Equal(NpyDtype.Float64, NpyReader.ReadHeader(Path.Combine(outDir, "W.npy")).Dtype);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")));
        var root = json.RootElement;
        foreach (var key in new[] { "iterations", "loss", "loss_history", "backend", "threads", "seconds", "algorithm", "init",
                                    "rank", "beta", "seed", "dtype", "converged", "max_iter", "tol", "alpha_w", "alpha_h", "l1_ratio" })
            Assert.True(root.TryGetProperty(key, out _), $"result.json lacks '{key}'");
        Assert.Equal(20, root.GetProperty("iterations").GetInt32());
        Assert.Equal("mu", root.GetProperty("algorithm").GetString());
        Assert.Equal("nndsvda", root.GetProperty("init").GetString());
        Assert.Equal("managed", root.GetProperty("backend").GetString());
        Assert.Equal(1.0, root.GetProperty("beta").GetDouble());
        Assert.Equal(4, root.GetProperty("seed").GetInt32());
        Assert.Equal("float64", root.GetProperty("dtype").GetString());
        Assert.False(root.GetProperty("converged").GetBoolean());
        var history = root.GetProperty("loss_history").EnumerateArray().ToArray();
        Assert.NotEmpty(history);
        Assert.Equal(0, history[0].GetProperty("iteration").GetInt32());
        Assert.True(root.GetProperty("loss").GetDouble() < history[0].GetProperty("loss").GetDouble());
        Assert.Empty(Directory.GetFiles(outDir, "*.partial"));
    }

    [Fact]
    public void A_native_run_uses_every_core_unless_threads_are_given()
    {
        // numpy's BLAS uses every core, and so does a single `nmfgrid nmf`; NMFGRID_BLAS_THREADS, when the
        // environment sets it, still wins (Blas.Create).
        var fromEnvironment = Environment.GetEnvironmentVariable("NMFGRID_BLAS_THREADS");
        var expected = string.IsNullOrEmpty(fromEnvironment) ? Environment.ProcessorCount : int.Parse(fromEnvironment);
        var input = SaveV();

        var (code, output, error) = Run(["nmf", "--input", input, "--rank", "3", "--max-iter", "5", "--backend", "openblas", "--out", PathOf("all")]);
        var (codeOne, _, errorOne) = Run(["nmf", "--input", input, "--rank", "3", "--max-iter", "5", "--backend", "openblas", "--threads", "1", "--out", PathOf("one")]);

        Assert.True(code == 0, error);
        Assert.True(codeOne == 0, errorOne);
        Assert.Contains($"openblas×{expected}", output);
        using var all = JsonDocument.Parse(File.ReadAllText(Path.Combine(PathOf("all"), "result.json")));
        Assert.Equal(expected, all.RootElement.GetProperty("threads").GetInt32());
        using var one = JsonDocument.Parse(File.ReadAllText(Path.Combine(PathOf("one"), "result.json")));
        Assert.Equal(string.IsNullOrEmpty(fromEnvironment) ? 1 : expected, one.RootElement.GetProperty("threads").GetInt32());
    }

    [Fact]
    public void Float32_run_writes_float32_factors()
    {
        var outDir = PathOf("run32");

        var (code, _, error) = Run(Small(SaveV(), outDir, "--dtype", "float32"));

        Assert.True(code == 0, error);
        Assert.Equal(NpyDtype.Float32, NpyReader.ReadHeader(Path.Combine(outDir, "W.npy")).Dtype);
        Assert.Equal(NpyDtype.Float32, NpyReader.ReadHeader(Path.Combine(outDir, "H.npy")).Dtype);
        Assert.Contains("\"dtype\": \"float32\"", File.ReadAllText(Path.Combine(outDir, "result.json")));
    }

    [Fact]
    public void Given_W0_and_H0_start_the_run_with_custom_initialisation()
    {
        var input = SaveV();
        NpyWriter.Write(PathOf("W0.npy"), Matrix<double>.Build.Dense(20, 3, 0.5));
        NpyWriter.Write(PathOf("H0.npy"), Matrix<double>.Build.Dense(3, 15, 0.5));
        var outDir = PathOf("custom");

        var (code, _, error) = Run(Small(input, outDir, "--w0", PathOf("W0.npy"), "--h0", PathOf("H0.npy")));

        Assert.True(code == 0, error);
        Assert.Contains("\"init\": \"custom\"", File.ReadAllText(Path.Combine(outDir, "result.json")));
    }

    [Fact]
    public void Fixed_templates_come_back_unchanged()
    {
        var input = SaveV();
        var known = Matrix<double>.Build.Dense(20, 3, (i, j) => 1 + i + j);
        NpyWriter.Write(PathOf("W0.npy"), known);
        var outDir = PathOf("fixed");

        var (code, _, error) = Run(Small(input, outDir, "--w0", PathOf("W0.npy"), "--fix-w"));

        Assert.True(code == 0, error);
        Assert.Equal(known, NpyReader.ReadMatrix<double>(Path.Combine(outDir, "W.npy")));
    }

    [Fact]
    public void Demo_factorises_a_synthetic_spectrogram_and_saves_it()
    {
        var outDir = PathOf("demo");

        var (code, _, error) = Run("nmf", "--demo", "--max-iter", "2", "--init", "random", "--backend", "managed", "--out", outDir);

        Assert.True(code == 0, error);
        var v = NpyReader.ReadMatrix<double>(Path.Combine(outDir, "V.npy"));
        Assert.Equal((513, 400), (v.RowCount, v.ColumnCount));
        Assert.True(v.Enumerate().All(x => x > 0));
        Assert.Equal(8, NpyReader.ReadMatrix<double>(Path.Combine(outDir, "W.npy")).ColumnCount);
    }

    [Fact]
    public void Demo_needs_no_other_option_and_writes_to_outputs_nmf_demo_by_default()
    {
        var options = new NmfOptionSet();
        var command = new Command("nmf");
        foreach (var option in options.All) command.Options.Add(option);
        command.Validators.Add(options.CheckCombination);

        var parse = command.Parse(["--demo"]);

        Assert.Empty(parse.Errors);
        Assert.Equal("outputs/nmf-demo", options.Read(parse).OutputDirectory);
        Assert.Empty(Program.Build().Parse(["nmf", "--demo"]).Errors);
    }

    [Fact]
    public void The_output_line_names_the_folder_it_wrote_to()
    {
        var outDir = PathOf("demo");

        var (code, output, error) = Run("nmf", "--demo", "--max-iter", "2", "--backend", "managed", "--out", outDir);

        Assert.True(code == 0, error);
        Assert.EndsWith($"wrote W.npy, H.npy, result.json, V.npy in {outDir}", output.TrimEnd());
    }

    [Fact]
    public void Help_says_which_options_are_required_and_what_the_demo_defaults_to()
    {
        var (_, output, _) = Run("nmf", "--help");

        // An option's line in the Options section: its names, then its description after a run of spaces.
        var lines = output.Split('\n').SkipWhile(l => !l.StartsWith("Options:", StringComparison.Ordinal)).ToArray();
        string Line(string option) => Assert.Single(lines, l => l.TrimStart().Split("  ")[0].Split(", ").Any(name => name.Split(' ')[0] == option));
        Assert.Contains("Required, unless --demo or --list", Line("--input"));
        Assert.Contains("Required with --input (the demo's default is outputs/nmf-demo)", Line("--out"));
        Assert.Contains("Required with --input (the demo's default is 8)", Line("--rank"));
        Assert.Contains("needs no other option", Line("--demo"));
    }

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "--input: file not found", ["--input", "{dir}/missing.npy"] },
        { "--input: {dir}/garbage.npy: not a .npy file", ["--input", "{dir}/garbage.npy"] },
        { "--input: {dir}/vector.npy: expected a 2-D matrix", ["--input", "{dir}/vector.npy"] },
        { "V must be finite and nonnegative", ["--input", "{dir}/negative.npy"] },
        { "--w0: file not found", ["--input", "{dir}/V.npy", "--w0", "{dir}/nowhere.npy", "--h0", "{dir}/V.npy"] },
        { "W0 is 20×15 but must be 20×3", ["--input", "{dir}/V.npy", "--w0", "{dir}/V.npy", "--h0", "{dir}/V.npy"] },
        { "--algorithm: unknown name 'gradient'", ["--input", "{dir}/V.npy", "--algorithm", "gradient"] },
        { "--init: unknown name 'svd'", ["--input", "{dir}/V.npy", "--init", "svd"] },
        { "--dtype must be one of float64, float32, got 'float16'", ["--input", "{dir}/V.npy", "--dtype", "float16"] },
        { "--backend must be one of", ["--input", "{dir}/V.npy", "--backend", "cuda"] },
        { "--seed must be an integer, got 'many'", ["--input", "{dir}/V.npy", "--seed", "many"] },
        { "--threads must be at least 1, got 0", ["--input", "{dir}/V.npy", "--threads", "0"] },
        { "--beta must be a finite number, got 'inf'", ["--input", "{dir}/V.npy", "--beta", "inf"] },
        { "--tol must be at least 0, got -1", ["--input", "{dir}/V.npy", "--tol", "-1"] },
        { "--l1-ratio must lie in [0, 1], got 1.5", ["--input", "{dir}/V.npy", "--l1-ratio", "1.5"] },
        { "--init custom needs both --w0 and --h0", ["--input", "{dir}/V.npy", "--init", "custom"] },
        { "--w0 is used only by --init custom or with --fix-w", ["--input", "{dir}/V.npy", "--w0", "{dir}/V.npy"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_exits_non_zero_with_one_line_naming_the_culprit(string message, string[] args)
    {
        SaveV();
        NpyWriter.Write(PathOf("vector.npy"), NpyArray<double>.FromColumnMajor([3], [1, 2, 3]));
        NpyWriter.Write(PathOf("negative.npy"), Matrix<double>.Build.Dense(4, 4, (i, j) => i - j));
        File.WriteAllText(PathOf("garbage.npy"), "not an array");
        var outDir = PathOf("bad");
        string[] full = ["nmf", "--rank", "3", "--max-iter", "2", "--out", outDir, .. args.Select(a => a.Replace("{dir}", _dir))];

        var (code, _, error) = Run(full);

        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        Assert.Contains(message.Replace("{dir}", _dir), lines[0]);
        Assert.DoesNotContain("   at ", error); // no stack frame
        Assert.DoesNotContain("Exception", error);
        Assert.False(File.Exists(Path.Combine(outDir, "W.npy")));
    }

    [Theory]
    [InlineData("--out is required with --input", new[] { "nmf", "--input", "V.npy", "--rank", "2" })]
    [InlineData("--input is required", new[] { "nmf", "--rank", "2", "--out", "x" })]
    [InlineData("--rank is required", new[] { "nmf", "--input", "V.npy", "--out", "x" })]
    [InlineData("--rank must be at least 1, got 0", new[] { "nmf", "--input", "V.npy", "--rank", "0", "--out", "x" })]
    [InlineData("--demo and --input exclude each other", new[] { "nmf", "--demo", "--input", "V.npy", "--out", "x" })]
    public void Missing_or_contradictory_options_are_named(string message, string[] args)
    {
        var (code, _, error) = Run(args);

        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task Cancelled_run_exits_130_and_writes_nothing()
    {
        var input = SaveV("big.npy", 200, 300);
        var outDir = PathOf("cancelled");
        string[] args = ["nmf", "--input", input, "--rank", "10", "--max-iter", "100000000", "--tol", "0", "--backend", "managed", "--out", outDir];
        var error = new StringWriter();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        int code = await Program.Build().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error }, cancellation.Token);

        Assert.Equal(130, code);
        Assert.Contains("cancelled", error.ToString());
        Assert.True(!Directory.Exists(outDir) || Directory.GetFileSystemEntries(outDir).Length == 0);
    }

    [Fact]
    public void Nmfd_with_a_lags_param_writes_the_summed_templates_and_one_file_per_lag()
    {
        var outDir = PathOf("nmfd");

        var (code, _, error) = Run(Small(SaveV(), outDir, "--algorithm", "nmfd", "--param", "lags=3", "--beta", "1"));

        Assert.True(code == 0, error);
        var w = NpyReader.ReadMatrix<double>(Path.Combine(outDir, "W.npy"));
        var lags = Enumerable.Range(0, 3).Select(l => NpyReader.ReadMatrix<double>(Path.Combine(outDir, $"W_lag{l}.npy"))).ToArray();
        Assert.False(File.Exists(Path.Combine(outDir, "W_lag3.npy")));
        Assert.True((w - (lags[0] + lags[1] + lags[2])).FrobeniusNorm() <= 1e-12 * w.FrobeniusNorm());
    }

    [Fact]
    public void Nmfd_with_a_bad_lags_param_fails_naming_lags()
    {
        var (code, _, error) = Run(Small(SaveV(), PathOf("bad"), "--algorithm", "nmfd", "--param", "lags=0"));

        Assert.NotEqual(0, code);
        Assert.Contains("lags", error);
    }
}
