using NmfGrid.Coordinator.Reports;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Models;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.IO;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid nmf`: one factorisation V ≈ W·H of a .npy matrix, outside any grid.
/// <code>
/// nmfgrid nmf --input V.npy --rank 16 --beta 1 --out run1      # writes run1/W.npy, H.npy, result.json
/// nmfgrid nmf --input V.npy --w0 W0.npy --h0 H0.npy --rank 16 --out run2   # starts from given factors
/// nmfgrid nmf --demo                                            # synthetic 513×400 spectrogram, also writes V.npy (to outputs/nmf-demo)
/// nmfgrid nmf --list [algorithms|initialisations]               # registered names under a heading per kind; one kind: bare names
/// nmfgrid nmf --input X.npy --algorithm tucker_hals --rank 8 --param rank_2=4 --out t   # 3-D input: A0..A2.npy, core.npy (see TensorNmfRun)
/// </code>
/// Exit codes: 0 done, 1 bad input or failed run (one line on stderr naming the option or file), 130 cancelled
/// by Ctrl-C or the caller's token, 143 by SIGTERM; a cancelled run writes nothing (see <see cref="StagedOutput"/>).
/// </summary>
public static class NmfCommand
{
    private const int Failed = 1;

    public static Command Create()
    {
        var o = new NmfOptionSet();
        var command = new Command("nmf",
            "Factorise a nonnegative matrix V (F×T, .npy) as W (F×K) · H (K×T); writes W.npy, H.npy and result.json to --out. " +
            "Needs --input, --rank and --out, or --demo alone, or --list.");
        foreach (var option in o.All) command.Options.Add(option);
        command.Validators.Add(result => o.CheckCombination(result));
        command.SetAction((parseResult, cancellation) => RunAsync(parseResult, o, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, NmfOptionSet o, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (parse.GetResult(o.List) is not null)
        {
            WriteList(output, parse.GetValue(o.List));
            return 0;
        }

        using var signals = new SignalCancellation(cancellation);
        try
        {
            var request = o.Read(parse);
            // On a thread of its own, off the shared pool: the solver keeps a pool thread busy for the whole run,
            // and on a small machine that can starve the pool thread that must deliver the cancellation.
            var report = await Task.Factory.StartNew(
                () => TensorNmfRun.Applies(request)
                    ? TensorNmfRun.Execute(request, CreateBlas(request.Backend, request.Threads), signals.Token)
                    : request.Dtype == "float32" ? Execute<float>(request, signals.Token)
                                                 : Execute<double>(request, signals.Token),
                signals.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            output.WriteLine(report);
            return 0;
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            error.WriteLine("nmf: cancelled; nothing was written.");
            return signals.ExitCode;
        }
        catch (Exception e)
        {
            error.WriteLine(OneLine(e));
            return Failed;
        }
    }

    /// <summary>`--list`: the algorithms, then the initialisations, each under a heading, one name an indented line;
    /// `--list algorithms` or `--list initialisations` prints one kind only, bare names, for scripts.</summary>
    private static void WriteList(TextWriter output, string? kind)
    {
        if (kind is not null)
        {
            foreach (var name in kind == "algorithms" ? AlgorithmRegistry.Names : InitialisationRegistry.Names) output.WriteLine(name);
            return;
        }
        output.WriteLine("Algorithms (--algorithm):");
        foreach (var name in AlgorithmRegistry.Names) output.WriteLine($"  {name}");
        output.WriteLine();
        output.WriteLine("Initialisations (--init):");
        foreach (var name in InitialisationRegistry.Names) output.WriteLine($"  {name}");
    }

    private static string Execute<T>(NmfRequest request, CancellationToken cancellation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<T> v;
        SyntheticSpectrogram? demo = null;
        if (request.Demo)
        {
            demo = SyntheticSpectrogram.Create(513, 400, NmfOptionSet.DemoRank, request.Options.Seed);
            v = demo.V.Map(x => T.CreateTruncating(x));
        }
        else
        {
            v = ReadNpy("--input", request.Input!, NpyReader.ReadMatrix<T>);
        }

        var extra = new InitialisationRequest
        {
            Rank = request.Options.Rank,
            W0 = request.W0 is null ? null : ReadNpy("--w0", request.W0, NpyReader.ReadMatrix<double>),
            H0 = request.H0 is null ? null : ReadNpy("--h0", request.H0, NpyReader.ReadMatrix<double>),
        };
        var blas = CreateBlas(request.Backend, request.Threads);
        var result = Factorization.Run(v, request.Algorithm, request.Initialisation, request.Options, blas, extra, cancellation);

        var summary = new NmfRunSummary(
            request.Algorithm, request.Initialisation, request.Options.Rank, request.Options.Beta,
            request.Options.MaxIterations, request.Options.Tolerance, request.Options.Seed, request.Dtype,
            request.Options.AlphaW, request.Options.AlphaH, request.Options.L1Ratio, request.Options.FixW, request.Options.FixH,
            request.Input is null ? null : Path.GetFullPath(request.Input),
            request.W0 is null ? null : Path.GetFullPath(request.W0),
            request.H0 is null ? null : Path.GetFullPath(request.H0),
            request.Demo, [v.RowCount, v.ColumnCount],
            result.Iterations, result.Converged, result.Loss,
            result.LossHistory.Select(p => new LossRecord(p.Iteration, p.Loss)).ToArray(),
            result.Backend, result.Threads, result.Seconds);

        var files = new List<(string, Action<string>)>
        {
            ("W.npy", path => NpyWriter.Write(path, result.W)),
            ("H.npy", path => NpyWriter.Write(path, result.H)),
            ("result.json", summary.Write),
        };
        // NMFD: W.npy is the templates summed over lags; each lag's templates go beside it.
        if (result.Model is ConvolutiveModel<T> convolutive)
            files.AddRange(convolutive.Templates.Select((w, lag) => ($"W_lag{lag}.npy", (Action<string>)(path => NpyWriter.Write(path, w)))));
        if (demo is not null) files.Add(("V.npy", path => NpyWriter.Write(path, v)));
        var written = StagedOutput.Commit(request.OutputDirectory, files, cancellation);

        return string.Create(CultureInfo.InvariantCulture,
            $"{request.Algorithm}/{request.Initialisation} rank {request.Options.Rank}, β={request.Options.Beta}: " +
            $"{result.Iterations} iterations ({(result.Converged ? "converged" : "max-iter reached")}), loss {result.Loss:G6}, " +
            $"{result.Seconds:F2} s on {result.Backend}×{result.Threads}; wrote {string.Join(", ", written.Select(Path.GetFileName))} in {Path.GetFullPath(request.OutputDirectory)}");
    }

    /// <summary>The BLAS for --backend: auto falls back to managed, a native one asked for by name must load.</summary>
    private static IBlas CreateBlas(string backend, int threads)
    {
        try
        {
            return Blas.Create(BlasBackendName.Parse(backend), threads);
        }
        catch (BlasUnavailableException e)
        {
            throw new NmfCommandException($"--backend: {e.Message}");
        }
    }

    private static TMatrix ReadNpy<TMatrix>(string option, string path, Func<string, TMatrix> read)
    {
        try
        {
            return read(path);
        }
        catch (FileNotFoundException)
        {
            throw new NmfCommandException($"{option}: file not found: {path}");
        }
        catch (DirectoryNotFoundException)
        {
            throw new NmfCommandException($"{option}: file not found: {path}");
        }
        catch (NpyFormatException e)
        {
            throw new NmfCommandException($"{option}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NmfCommandException($"{option}: cannot read {path}: {e.Message}");
        }
    }

    /// <summary>The message alone, on one line: no stack trace, no "(Parameter 'x')" suffix, no "Actual value was" line.</summary>
    internal static string OneLine(Exception e)
    {
        string message = e switch
        {
            NmfCommandException => e.Message,
            ArgumentException a when a.ParamName is not null => a.Message.Replace($" (Parameter '{a.ParamName}')", ""),
            _ => e.Message,
        };
        string firstLine = message.Split('\n', 2)[0].TrimEnd('\r');
        return e is NmfCommandException or ArgumentException ? $"nmf: {firstLine}" : $"nmf: {e.GetType().Name}: {firstLine}";
    }
}
