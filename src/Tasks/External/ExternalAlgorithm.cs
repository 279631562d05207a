using System.Diagnostics;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;
using NmfGrid.Tasks.IO;

namespace NmfGrid.Tasks.External;

/// <summary>
/// `algorithm.name: external`: the solver is a process speaking <see cref="ExternalProtocol"/>. NmfGrid has already
/// initialised W0 and H0 (so an external model starts where a built-in one would); this writes V, W0 and H0 as
/// float64 .npy files into a folder private to the job, asks the model, reads W and H back, checks them (shape, finite
/// and nonnegative entries, fixed factors unchanged) and scores them with the same <see cref="BetaDivergence"/> as
/// every solver. The folder is deleted whatever happens.
/// </summary>
public sealed class ExternalAlgorithm(ExternalModel model, ExternalProcessPool? pool = null) : INmfAlgorithm
{
    public const string AlgorithmName = "external";

    private readonly ExternalProcessPool _pool = pool ?? ExternalProcessPool.Shared;

    public ExternalModel Model { get; } = model;

    public string Name => AlgorithmName;

    public string Description => $"an external model over the process protocol: {Model.Command}";

    /// <summary>The model decides what it supports; the general checks (rank, β, iterations) still apply.</summary>
    public void CheckOptions(NmfOptions options) => NmfInputValidation.CheckOptions(options);

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas,
                               CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NmfInputValidation.CheckFactors(v, w0, h0, options);
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("nmfgrid-external-");
        try
        {
            var request = new ExternalRequest(
                Guid.NewGuid().ToString("N"),
                Write(folder, "V", v), Write(folder, "W0", w0), Write(folder, "H0", h0),
                Path.Combine(folder.FullName, "W.npy"), Path.Combine(folder.FullName, "H.npy"),
                options, Model.ParametersJson);
            var reply = Ask(request, clock, cancellation);
            var w = Read<T>(reply.W, "W", v.RowCount, options.Rank);
            var h = Read<T>(reply.H, "H", options.Rank, v.ColumnCount);
            CheckFixed(w, w0, h, h0, options);
            var seconds = clock.Elapsed.TotalSeconds;

            // NmfGrid scores every model itself: the loss at the start, the model's own reports between, the loss at the end.
            var start = BetaDivergence.Compute(v, w0, h0, options.Beta, blas);
            var end = BetaDivergence.Compute(v, w, h, options.Beta, blas);
            var history = new List<LossPoint> { new(0, start) };
            history.AddRange(reply.LossHistory.Where(p => p.Iteration > 0 && p.Iteration < reply.Iterations));
            if (reply.Iterations > 0) history.Add(new LossPoint(reply.Iterations, end));
            foreach (var point in history) options.OnLoss?.Invoke(point.Iteration, point.Loss);
            return new NmfResult<T>(w, h, reply.Iterations, reply.Converged ?? reply.Iterations < options.MaxIterations,
                                    end, history, seconds, blas.Name, blas.Threads);
        }
        finally
        {
            Delete(folder);
        }
    }

    /// <summary>One request and its reply on a pooled process; a process that failed in any way is not used again.</summary>
    private ExternalReply Ask(ExternalRequest request, Stopwatch clock, CancellationToken cancellation)
    {
        TimeSpan? Left() => Model.Timeout is { } limit ? limit - clock.Elapsed : null;
        var process = _pool.Take(Model, Left(), cancellation);
        try
        {
            var line = process.Exchange(ExternalProtocol.Write(request), Model, Left(), cancellation);
            var reply = ExternalProtocol.ReadReply(line, request.Id, Model.Command);
            _pool.Return(process);
            process = null;
            return reply;
        }
        catch (ExternalModelException e) when (e.ReportedByModel && process is not null)
        {
            // The model caught its own failure and is ready for the next job; what it logged explains it.
            var stderr = process.Stderr;
            _pool.Return(process);
            process = null;
            throw e.WithStderr(stderr);
        }
        catch (ExternalModelException e) when (process is not null)
        {
            throw e.WithStderr(process.Stderr);
        }
        finally
        {
            if (process is not null)
                _pool.Discard(process);
        }
    }

    private static string Write<T>(DirectoryInfo folder, string name, Matrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var path = Path.Combine(folder.FullName, name + ".npy");
        if (typeof(T) == typeof(double))
            NpyWriter.Write(path, (Matrix<double>)(object)matrix);
        else
            NpyWriter.Write(path, matrix.Map(x => double.CreateTruncating(x)));
        return path;
    }

    private Matrix<T> Read<T>(string path, string name, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<T> matrix;
        try
        {
            matrix = NpyReader.ReadMatrix<T>(path);
        }
        catch (Exception e) when (e is NpyFormatException or IOException or UnauthorizedAccessException)
        {
            throw new ExternalModelException(Model.Command, $"its {name} cannot be read: {e.Message}");
        }
        if (matrix.RowCount != rows || matrix.ColumnCount != columns)
            throw new ExternalModelException(Model.Command, $"returned {name} of shape ({matrix.RowCount}, {matrix.ColumnCount}); it must be ({rows}, {columns})");
        try
        {
            NmfInputValidation.CheckEntries(matrix, name);
        }
        catch (ArgumentException e)
        {
            throw new ExternalModelException(Model.Command, $"returned unusable factors: {e.Message.Split(" (Parameter", 2)[0]}");
        }
        return matrix;
    }

    /// <summary>Factors the job keeps fixed (known templates, known activations) must come back as they were sent.</summary>
    private void CheckFixed<T>(Matrix<T> w, Matrix<T> w0, Matrix<T> h, Matrix<T> h0, NmfOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = options.FixW ? Enumerable.Range(0, w.ColumnCount) : options.FixedTemplates;
        foreach (var column in columns)
        {
            if (!w.Column(column).Equals(w0.Column(column)))
                throw new ExternalModelException(Model.Command, $"changed template {column} of W, which the job keeps fixed (the request's fix_W / fixed_templates)");
        }
        if (options.FixH && !h.Equals(h0))
            throw new ExternalModelException(Model.Command, "changed H, which the job keeps fixed (the request's fix_H)");
    }

    /// <summary>Deletes the job's folder; a model may have left files in it.</summary>
    private static void Delete(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process killed a moment ago may still hold a file on some systems: one more try, and the job's own
            // outcome (or error) matters more than a folder in the temporary directory.
            Thread.Sleep(100);
            try
            {
                if (Directory.Exists(folder.FullName))
                    Directory.Delete(folder.FullName, recursive: true);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
