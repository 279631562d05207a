using System.Collections.Concurrent;
using System.Diagnostics;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// The nmfgrid processes a test starts (`dotnet exec nmfgrid.dll ARGS`, each under a tag such as "c1" or "n2"):
/// every line of their output kept, waits for a line ("until it appears or a generous timeout"), and, on
/// dispose, every one still running killed. Environment variables carry what must not be on a command line.
/// </summary>
internal sealed class NmfgridProcesses(string workingDirectory) : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly ConcurrentQueue<OutputLine> _lines = new();

    public IEnumerable<OutputLine> Lines => _lines;

    /// <summary>The whole output so far, one line each, for a failure message.</summary>
    public string Transcript() => string.Join('\n', _lines);

    /// <summary>A line of the test's own (what it did and when), kept in order with the processes' output.</summary>
    public void Note(string text) => _lines.Enqueue(new OutputLine(DateTime.UtcNow, "test", false, text));

    public Process Start(string tag, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", BuiltNmfgrid.Dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) _lines.Enqueue(new OutputLine(DateTime.UtcNow, tag, false, line)); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _lines.Enqueue(new OutputLine(DateTime.UtcNow, tag, true, line)); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_processes) _processes.Add(process);
        return process;
    }

    public Process Start(string tag, params string[] args) => Start(tag, null, args);

    /// <summary>
    /// Waits until process <paramref name="tag"/> writes a stdout line starting with <paramref name="start"/> (a line
    /// written at or after <paramref name="since"/> when given). Fails at once, with the output, if <paramref name="process"/> ends first.
    /// </summary>
    public async Task WaitForLine(string tag, string start, Process? process, string what, TimeSpan patience, DateTime? since = null)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!_lines.Any(l => l.Tag == tag && !l.Error && l.At >= (since ?? DateTime.MinValue) && l.Text.StartsWith(start, StringComparison.Ordinal)))
        {
            if (process is { HasExited: true }) throw new InvalidOperationException($"{what} ended with exit code {process.ExitCode}:\n{Transcript()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {patience} for {what}:\n{Transcript()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until some process writes a line that <paramref name="match"/> accepts.</summary>
    public async Task WaitFor(Func<OutputLine, bool> match, string what, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!_lines.Any(match))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {patience} for {what}:\n{Transcript()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Kills (SIGKILL) every process still running, with its children.</summary>
    public void KillAll()
    {
        lock (_processes)
        {
            foreach (var process in _processes.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
    }

    public void Dispose() => KillAll();
}
