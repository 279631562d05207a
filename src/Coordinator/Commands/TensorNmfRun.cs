using NmfGrid.Coordinator.Reports;
using System.Globalization;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;
using NmfGrid.Tasks.IO;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid nmf` on a 3-D .npy: the tensor model named by --algorithm (cp_hals, cp_mu, tucker_hals, tucker_mu), written
/// as A0.npy, A1.npy, A2.npy (I_n × R_n each), core.npy (R0×R1×R2, Tucker only) and result.json. A 3-D input given to a
/// matrix algorithm, or a 2-D one to a tensor model, fails with one line naming the file, its shape and the algorithm.
/// </summary>
internal static class TensorNmfRun
{
    /// <summary>Whether this request goes down the tensor path; throws when the input's dimension and the algorithm disagree.</summary>
    public static bool Applies(NmfRequest request)
    {
        var tensorAlgorithm = TensorFactorization.IsTensorModel(AlgorithmRegistry.Get(request.Algorithm));
        if (request.Demo)
        {
            if (tensorAlgorithm)
                throw new NmfCommandException($"--demo makes a matrix; algorithm '{request.Algorithm}' factorises 3-way tensors (give --input a 3-D .npy).");
            return false;
        }

        var shape = ReadShape(request.Input!);
        var formatted = NpyHeader.FormatShape(shape);
        if (shape.Count == 3 && !tensorAlgorithm)
            throw new NmfCommandException(
                $"--input {request.Input} is a 3-D array {formatted}; algorithm '{request.Algorithm}' factorises matrices. " +
                $"Tensor models: {string.Join(", ", TensorFactorization.Names)}.");
        if (shape.Count != 3 && tensorAlgorithm)
            throw new NmfCommandException(
                $"--input {request.Input} is a {shape.Count}-D array {formatted}; algorithm '{request.Algorithm}' factorises 3-way tensors.");
        if (tensorAlgorithm && request.Dtype == "float32")
            throw new NmfCommandException($"--dtype float32: tensor models run in float64 only (algorithm '{request.Algorithm}').");
        if (tensorAlgorithm && (request.W0 is not null || request.H0 is not null))
            throw new NmfCommandException($"--w0/--h0: a tensor model has a factor per mode and cannot start from W0/H0 (algorithm '{request.Algorithm}').");
        return tensorAlgorithm;
    }

    public static string Execute(NmfRequest request, IBlas blas, CancellationToken cancellation)
    {
        var input = request.Input!;
        var array = Read(input);
        var x = new Tensor3(array.Shape[0], array.Shape[1], array.Shape[2], array.Data.ToArray());
        TensorResult result;
        try
        {
            result = TensorFactorization.Run(x, request.Algorithm, request.Initialisation, request.Options, blas, cancellation: cancellation);
        }
        catch (ArgumentException e)
        {
            throw new NmfCommandException($"--input {input}: {NmfCommand.OneLine(e)["nmf: ".Length..]}");
        }

        var ranks = result.Factors.Select(f => f.ColumnCount).ToArray();
        var factorFiles = Enumerable.Range(0, 3).Select(n => $"A{n}.npy").ToArray();
        var summary = new TensorRunSummary(
            request.Algorithm, result.Model, request.Initialisation, request.Options.Rank, ranks, request.Options.Beta,
            request.Options.MaxIterations, request.Options.Tolerance, request.Options.Seed, request.Options.Parameters,
            Path.GetFullPath(input), [.. array.Shape], factorFiles, result.Core is null ? null : "core.npy",
            result.Iterations, result.Converged, result.Loss,
            result.LossHistory.Select(p => new LossRecord(p.Iteration, p.Loss)).ToArray(), result.Backend, result.Threads, result.Seconds);

        var files = new List<(string, Action<string>)>();
        for (var n = 0; n < 3; n++)
        {
            var factor = result.Factors[n];
            files.Add((factorFiles[n], path => NpyWriter.Write(path, factor)));
        }
        if (result.Core is { } core)
            files.Add(("core.npy", path => NpyWriter.Write(path, NpyArray<double>.FromColumnMajor(core.Shape, (double[])core.Data.Clone()))));
        files.Add(("result.json", summary.Write));
        var written = StagedOutput.Commit(request.OutputDirectory, files, cancellation);

        return string.Create(CultureInfo.InvariantCulture,
            $"{request.Algorithm}/{request.Initialisation} ranks {string.Join("×", ranks)}, β={request.Options.Beta} on {x.Describe()}: " +
            $"{result.Iterations} iterations ({(result.Converged ? "converged" : "max-iter reached")}), loss {result.Loss:G6}, " +
            $"{result.Seconds:F2} s on {result.Backend}×{result.Threads}; wrote {string.Join(", ", written.Select(Path.GetFileName))} in {Path.GetFullPath(request.OutputDirectory)}");
    }

    private static IReadOnlyList<int> ReadShape(string path) => Guard(path, () => NpyReader.ReadHeader(path).Shape);

    private static NpyArray<double> Read(string path) => Guard(path, () => NpyReader.Read<double>(path));

    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NmfCommandException($"--input: file not found: {path}");
        }
        catch (NpyFormatException e)
        {
            throw new NmfCommandException($"--input: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NmfCommandException($"--input: cannot read {path}: {e.Message}");
        }
    }
}
