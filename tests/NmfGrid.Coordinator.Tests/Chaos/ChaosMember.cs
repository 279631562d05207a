using System.Diagnostics;
using System.Text.RegularExpressions;
using NmfGrid.Coordinator.Tests.Cluster;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// A cluster member the chaos driver runs and restarts as an operator (or systemd) would: the same command again,
/// each incarnation under its own tag ("n1", then "n1#2", …), with the line it prints once it is up.
/// </summary>
internal sealed class ChaosMember(NmfgridProcesses processes, string name, string readyLine, IReadOnlyDictionary<string, string>? environment, Func<string[]> arguments)
{
    private int _incarnation;

    public string Name => name;

    public Process Process { get; private set; } = null!;

    public string Tag => _incarnation <= 1 ? name : $"{name}#{_incarnation}";

    /// <summary>When the current incarnation started: the oldest coordinator holds the singleton.</summary>
    public DateTime Started { get; private set; }

    public bool Running => Process is { HasExited: false };

    /// <summary>The cluster address the current incarnation printed in its ready line (akka.tcp://nmfgrid@HOST:PORT).</summary>
    public string Address { get; private set; } = "";

    /// <summary>Starts the next incarnation and waits until it says it is up.</summary>
    public async Task Start(TimeSpan patience)
    {
        _incarnation++;
        Started = DateTime.UtcNow;
        Process = processes.Start(Tag, environment, arguments());
        await processes.WaitForLine(Tag, readyLine, Process, $"{Tag} to be up", patience);
        var ready = processes.Lines.First(l => l.Tag == Tag && !l.Error && l.Text.StartsWith(readyLine, StringComparison.Ordinal));
        Address = Regex.Match(ready.Text, @"akka(\.ssl)?\.tcp://[^@\s]+@[^:\s]+:\d+").Value;
    }

    public async Task Kill()
    {
        Process.Kill(); // SIGKILL: no handler runs, as when a machine dies
        await Process.WaitForExitAsync();
        processes.Note($"SIGKILL {Tag} (pid {Process.Id})");
    }
}
