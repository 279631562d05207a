using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NmfGrid.Tasks.External;

/// <summary>
/// One running external model: its stdin and stdout carry the protocol, its stderr is kept (the last few thousand
/// characters since the current job began) for the error a failed job reports. Every wait has a limit and a
/// cancellation; when either ends it, the process is killed, so nothing waits on a model that hangs.
/// </summary>
public sealed class ExternalProcess : IDisposable
{
    private const int StderrKept = 4000;
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly ManualResetEventSlim _stderrClosed = new();

    private ExternalProcess(ExternalModel model, Process process)
    {
        Model = model;
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stderrClosed.Set();
                return;
            }
            lock (_stderr)
            {
                _stderr.Append(e.Data).Append('\n');
                if (_stderr.Length > StderrKept) _stderr.Remove(0, _stderr.Length - StderrKept);
            }
        };
        _process.BeginErrorReadLine();
    }

    public ExternalModel Model { get; }

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the model wrote on stderr since the current job began (its last characters).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>
    /// The grid's secrets, which a worker's environment may hold and a model never needs: the cluster certificate's
    /// password, the journal's connection string (it may carry a password), libpq's password and the results page's
    /// token. A model is someone else's code; it gets them only where its `environment:` names them.
    /// </summary>
    public static readonly IReadOnlyList<string> WithheldVariables =
        ["NMFGRID_TLS_PASSWORD", "NMFGRID_POSTGRES", "PGPASSWORD", "NMFGRID_SERVE_TOKEN"];

    /// <summary>Starts the model and waits for its greeting.</summary>
    /// <exception cref="ExternalModelException">the command cannot start on this host, exits, or greets wrongly.</exception>
    /// <exception cref="TimeoutException">no greeting within <paramref name="limit"/> (the process is killed).</exception>
    public static ExternalProcess Start(ExternalModel model, TimeSpan? limit, CancellationToken cancellation)
    {
        var arguments = model.Arguments;
        var folder = model.Folder;
        if (!Directory.Exists(folder))
            throw new ExternalModelException(model.Command, $"its working directory '{folder}' does not exist on host {Environment.MachineName}");
        var info = new ProcessStartInfo
        {
            // A program given as a relative path is found from the model's folder, as a shell started there would.
            FileName = arguments[0].Contains('/') && !Path.IsPathRooted(arguments[0]) ? Path.Combine(folder, arguments[0]) : arguments[0],
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments.Skip(1)) info.ArgumentList.Add(argument);
        foreach (var name in WithheldVariables) info.Environment.Remove(name);
        foreach (var (name, value) in model.Environment) info.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("no process was started");
        }
        catch (Win32Exception e)
        {
            throw new ExternalModelException(model.Command,
                $"cannot start '{arguments[0]}' on host {Environment.MachineName} (working directory {folder}): {e.Message}");
        }
        process.StandardInput.NewLine = "\n";
        var running = new ExternalProcess(model, process);
        try
        {
            ExternalProtocol.ReadGreeting(running.ReadLine(model, limit, cancellation, "greeting"), model.Command);
            return running;
        }
        catch
        {
            running.Kill();
            running.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request line of a job for <paramref name="job"/> (its timeout names the limit) and returns the model's next line.</summary>
    /// <exception cref="ExternalModelException">the process exited (its exit code and stderr are in the message).</exception>
    /// <exception cref="TimeoutException">no reply within <paramref name="limit"/> (the process is killed).</exception>
    /// <exception cref="OperationCanceledException">the job was cancelled (the process is killed).</exception>
    public string Exchange(string request, ExternalModel job, TimeSpan? limit, CancellationToken cancellation)
    {
        lock (_stderr) _stderr.Clear();
        try
        {
            _process.StandardInput.WriteLine(request);
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            throw Exited("reading the request");
        }
        return ReadLine(job, limit, cancellation, "reply");
    }

    /// <summary>Ends the process (and any it started) at once.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(DrainLimit);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Closes the model's stdin, which asks it to exit, and kills it if it has not within a moment.</summary>
    public void Stop()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        if (!_process.WaitForExit(TimeSpan.FromSeconds(1)))
            Kill();
    }

    public void Dispose()
    {
        _process.Dispose();
        _stderrClosed.Dispose();
    }

    private string ReadLine(ExternalModel job, TimeSpan? limit, CancellationToken cancellation, string what)
    {
        var read = _process.StandardOutput.ReadLineAsync(CancellationToken.None).AsTask();
        bool done;
        try
        {
            done = read.Wait(limit is { } l ? (int)Math.Min(Math.Max(l.TotalMilliseconds, 0), int.MaxValue) : Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        if (!done)
        {
            Kill();
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"external model '{Model.Command}' gave no {what} within {job.Timeout?.TotalSeconds:0.###} s (algorithm.timeout_seconds); it was stopped"));
        }
        return read.Result ?? throw Exited($"sending its {what}");
    }

    /// <summary>The process closed its stdout: waits for it to end (and its stderr to drain) and says how it ended.</summary>
    private ExternalModelException Exited(string when)
    {
        if (_process.WaitForExit(DrainLimit))
        {
            // Its last words: stderr is read on another thread. Bounded, as a child the model started may hold stderr open.
            _stderrClosed.Wait(DrainLimit);
            return new ExternalModelException(Model.Command, $"exited with code {_process.ExitCode} before {when}", Stderr);
        }
        Kill();
        return new ExternalModelException(Model.Command, $"closed its stdout before {when} (it was stopped)", Stderr);
    }
}
