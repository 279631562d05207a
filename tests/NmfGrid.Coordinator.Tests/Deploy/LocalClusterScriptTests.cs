using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using NmfGrid.Coordinator.Tests.Cluster;

namespace NmfGrid.Coordinator.Tests.Deploy;

/// <summary>
/// deploy/local-cluster.sh run for real, with a stand-in for nmfgrid (a shell script that notes its pid and
/// command line, then waits to be stopped) and NMFGRID_POSTGRES set so that no PostgreSQL starts: what the
/// script does when a member dies, and that SIGTERM stops everything. Every wait polls with a generous deadline;
/// nothing depends on how fast the machine is.
/// </summary>
public sealed class LocalClusterScriptTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-local-cluster-").FullName;
    private readonly ConcurrentQueue<string> _lines = new();
    private Process? _script;

    private string Members => Path.Combine(_root, "members.txt");

    public void Dispose()
    {
        // Whatever the outcome, nothing started here outlives the test.
        if (_script is { HasExited: false }) _script.Kill();
        foreach (var member in StartedMembers()) kill(member.Pid, SigKill);
        _script?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_dead_node_leaves_the_coordinator_and_the_other_nodes_running_until_SIGTERM_stops_everything()
    {
        Start(restartNodes: false);
        var (coordinator, node1, node2) = await StartedCluster();

        var before = _lines.Count;
        Assert.Equal(0, kill(node1, SigKill));
        // Its report ends with the command line that starts the node again by hand.
        await Until(() => _lines.Skip(before).Any(l => l.Contains(" node --host") && l.Contains("node-1.log") && l.EndsWith("2>&1 &", StringComparison.Ordinal)),
                    "the script to report node-1's death and how to start it again");
        Assert.False(_script!.HasExited, $"the script stopped when a node died:\n{Log}");
        Assert.True(Alive(coordinator), $"the coordinator was stopped when a node died:\n{Log}");
        Assert.True(Alive(node2), $"node-2 was stopped when node-1 died:\n{Log}");
        Assert.Contains(_lines, l => l.Contains($"node-1 (pid {node1}) was killed by signal 9"));
        Assert.Contains(_lines, l => l.Contains("--restart-nodes"));

        await StopsEverythingOnSigterm();
        Assert.Single(StartedMembers(), m => m.Arguments.Contains("cache-1")); // not started again without the flag
    }

    [Fact]
    public async Task With_restart_nodes_a_dead_node_is_started_again_and_SIGTERM_stops_it_too()
    {
        Start(restartNodes: true);
        var (coordinator, node1, node2) = await StartedCluster();

        Assert.Equal(0, kill(node1, SigKill));
        await Until(() => StartedMembers().Count(m => m.Arguments.Contains("cache-1")) == 2, "node-1 to start again");
        var restarted = StartedMembers().Last(m => m.Arguments.Contains("cache-1"));
        Assert.NotEqual(node1, restarted.Pid);
        Assert.StartsWith("node ", restarted.Arguments);
        await Until(() => _lines.Any(l => l.Contains($"node-1 started again, pid {restarted.Pid}")), "the script to report the restart");
        Assert.True(Alive(restarted.Pid) && Alive(coordinator) && Alive(node2), $"a member is down after the restart:\n{Log}");

        await StopsEverythingOnSigterm();
    }

    [Fact]
    public async Task The_coordinators_death_stops_every_node_and_the_script()
    {
        Start(restartNodes: true);
        var (coordinator, node1, node2) = await StartedCluster();

        Assert.Equal(0, kill(coordinator, SigKill));
        await Until(() => _script!.HasExited, "the script to stop", afterTheScript: true);
        Assert.Equal(1, _script!.ExitCode);
        Assert.Contains(_lines, l => l.Contains("the coordinator") && l.Contains("killed by signal 9"));
        await Until(() => !Alive(node1) && !Alive(node2), "the nodes to be stopped", afterTheScript: true);
    }

    /// <summary>Starts a copy of the script (so its logs go under the test's folder) with two stand-in nodes.</summary>
    private void Start(bool restartNodes)
    {
        Directory.CreateDirectory(Path.Combine(_root, "deploy"));
        var script = Path.Combine(_root, "deploy", "local-cluster.sh");
        File.Copy(Path.Combine(DeployFiles.Root, "local-cluster.sh"), script);
        var nmfgrid = Path.Combine(_root, "nmfgrid");
        File.WriteAllText(nmfgrid, "#!/bin/sh\n" +
                                   "echo \"$$ $*\" >> \"$(dirname \"$0\")/members.txt\"\n" +
                                   "exec sleep 600\n");
        File.SetUnixFileMode(nmfgrid, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        List<string> arguments = [script, "--nodes", "2", "--port", LoopbackPort.Free().ToString(), "--nmfgrid", nmfgrid];
        if (restartNodes) arguments.Add("--restart-nodes");
        var start = new ProcessStartInfo("bash", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NMFGRID_POSTGRES"] = "Host=unused"; // the stand-ins never connect
        _script = new Process { StartInfo = start };
        _script.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _script.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _script.Start();
        _script.BeginOutputReadLine();
        _script.BeginErrorReadLine();
    }

    /// <summary>The pids of the coordinator and the two nodes, once all three have started.</summary>
    private async Task<(int Coordinator, int Node1, int Node2)> StartedCluster()
    {
        await Until(() => StartedMembers().Count == 3, "the coordinator and two nodes to start");
        var members = StartedMembers();
        return (members.Single(m => m.Arguments.StartsWith("coordinator ", StringComparison.Ordinal)).Pid,
                members.Single(m => m.Arguments.Contains("cache-1")).Pid,
                members.Single(m => m.Arguments.Contains("cache-2")).Pid);
    }

    private async Task StopsEverythingOnSigterm()
    {
        var members = StartedMembers();
        Assert.Equal(0, kill(_script!.Id, SigTerm));
        await Until(() => _script.HasExited, "the script to stop after SIGTERM", afterTheScript: true);
        await _script.WaitForExitAsync(); // drains the output events
        Assert.True(_script.ExitCode == 0, $"exit {_script.ExitCode}:\n{Log}");
        Assert.Contains("stopping the local cluster", _lines);
        await Until(() => members.All(m => !Alive(m.Pid)), "every member to be stopped", afterTheScript: true);
    }

    /// <summary>Every process the script started, in order: its pid and its command line after "nmfgrid".</summary>
    private List<(int Pid, string Arguments)> StartedMembers() =>
        File.Exists(Members)
            ? File.ReadAllLines(Members).Where(l => l.Contains(' ')).Select(l => l.Split(' ', 2)).Select(p => (int.Parse(p[0]), p[1])).ToList()
            : [];

    private string Log => string.Join("\n", _lines);

    /// <summary>
    /// Polls until the condition holds; fails with the script's output past a deadline far beyond need, or at once
    /// when the script has ended without it (unless <paramref name="afterTheScript"/>: a wait for what it left).
    /// </summary>
    private async Task Until(Func<bool> condition, string what, bool afterTheScript = false)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (_script!.HasExited && !afterTheScript)
            {
                await _script.WaitForExitAsync(); // drains the output events
                if (condition()) return;
                Assert.Fail($"the script ended (exit {_script.ExitCode}) before {what}:\n{Log}");
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}:\n{Log}");
            await Task.Delay(50);
        }
    }

    /// <summary>A process that exists and is not a zombie (one ended but not yet reaped by its parent).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
