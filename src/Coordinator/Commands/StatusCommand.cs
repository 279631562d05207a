using System.CommandLine;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid status [--database FILE]`: every sweep in the database and how far it got.
/// `nmfgrid status --cluster SEED`: the cluster's members (address, roles, status), the registered workers,
/// and every sweep the coordinator knows with its progress.
/// </summary>
public static class StatusCommand
{
    public static Command Create() => Create(RunCommand.JoinTimeout);

    /// <param name="joinTimeout">How long `--cluster` waits to join through the seed before it gives up (tests shorten it).</param>
    internal static Command Create(TimeSpan joinTimeout)
    {
        var database = ResumeCommand.DatabaseOption();
        var cluster = new Option<string>("--cluster") { Description = "Ask a running grid cluster through this member, akka.tcp://nmfgrid@HOST:4053." };
        var insecure = ClusterOptionSet.InsecureOption();
        var command = new Command("status", "List the sweeps in a database (or a cluster) and their progress.") { database, cluster, insecure };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(cluster) is { } seed)
            {
                try
                {
                    return await ClusterStatus(ClusterSettings.FromEnvironment(null, null, 0, [seed], 0, insecure: parse.GetValue(insecure)), joinTimeout, output, cancellation);
                }
                catch (ClusterSettingsException e)
                {
                    error.WriteLine($"status: {e.Message}");
                    return 2;
                }
                catch (Akka.Actor.AskTimeoutException)
                {
                    error.WriteLine($"status: joined the cluster at {seed}, but no coordinator answered for 90 s (is an `nmfgrid coordinator` member running?)");
                    return 1;
                }
            }
            var path = parse.GetValue(database)!;
            if (!File.Exists(path))
            {
                error.WriteLine($"status: no sweep database at '{path}'");
                return 2;
            }
            var snapshot = await StoredSweeps.Ledger(path);
            var ledger = SweepLedger.FromSnapshot(snapshot);
            WriteSweeps(output, snapshot.Sweeps.Select(s => new SweepStatus(s.SweepId, s.Name, s.Task, s.Dataset, ledger.Progress(s.SweepId))));
            return 0;
        });
        return command;
    }

    private static async Task<int> ClusterStatus(ClusterSettings settings, TimeSpan joinTimeout, TextWriter output, CancellationToken cancellation)
    {
        await using var client = await ClusterGridClient.Start(settings);
        await client.WaitUntilUp(joinTimeout, cancellation);
        var status = await client.Status();
        var self = client.Cluster.SelfAddress;
        output.WriteLine("Members:");
        output.WriteLine($"  {"address",-40}  {"roles",-12}  status");
        foreach (var member in client.Cluster.State.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal))
        {
            var unreachable = client.Cluster.State.Unreachable.Contains(member) ? " (unreachable)" : "";
            var note = member.Address == self ? " (this status query)" : "";
            output.WriteLine($"  {member.Address,-40}  {string.Join(",", member.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal))),-12}  {member.Status}{unreachable}{note}");
        }
        output.WriteLine($"Workers: {status.Workers.Count}");
        foreach (var worker in status.Workers)
        {
            output.WriteLine($"  {worker.WorkerId,-40}  {worker.Running} running  {worker.Address}");
        }
        output.WriteLine("Sweeps:");
        WriteSweeps(output, status.Sweeps);
        return 0;
    }

    /// <summary>One row per sweep, each column as wide as its longest entry (a sweep of several tasks is named
    /// "separation+transcription+structure").</summary>
    internal static void WriteSweeps(TextWriter output, IEnumerable<SweepStatus> sweeps)
    {
        var rows = sweeps.ToArray();
        int Width(string header, Func<SweepStatus, string> cell) => rows.Select(r => cell(r).Length).Append(header.Length).Max();
        int id = Width("sweep", s => s.SweepId), task = Width("task", s => s.Task), dataset = Width("dataset", s => s.Dataset);
        string Row(string a, string b, string c, object done, object failed, object left, string name) =>
            $"{a.PadRight(id)}  {b.PadRight(task)}  {c.PadRight(dataset)}  {done,6}  {failed,6}  {left,6}  {name}";
        output.WriteLine(Row("sweep", "task", "dataset", "done", "failed", "left", "name"));
        foreach (var s in rows)
        {
            var p = s.Progress;
            output.WriteLine(Row(s.SweepId, s.Task, s.Dataset, p.Succeeded, p.Failed, p.Running + p.Pending, s.Name));
        }
    }
}
