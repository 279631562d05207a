using System.Diagnostics;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Tests.Cluster;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// Chaos on a cluster on loopback as operators run it: `nmfgrid coordinator` ×2 on a PostgreSQL journal of the test's
/// own, `nmfgrid node` ×2, and `nmfgrid run --cluster` following the sweep. Nodes hold one job beyond the one they run
/// (`--prefetch 1`, default 64): held jobs are still exercised, but a node cannot finish dozens of held jobs while a
/// coordinator is replaced, which would run the sweep out before the schedule's last kill. At each point of the schedule it kills a
/// node or the coordinator holding the singleton (the oldest) with SIGKILL and starts it again at once, or stops
/// PostgreSQL (immediate shutdown) and starts it again after a short outage. A member that ends on its own is started
/// again as a supervisor would, and reported. Every wait is "until the database or a log line shows it, or
/// <paramref name="patience"/>".
/// </summary>
internal sealed class ClusterChaosDriver(NmfgridProcesses processes, PostgresInstance postgres, string root, string bench, TimeSpan patience)
{
    public async Task<ChaosRun> Run(ChaosSchedule schedule, int jobs)
    {
        var log = GridPersistenceOptions.Postgres(postgres.ConnectionString);
        var clock = Stopwatch.StartNew();
        processes.Note(schedule.ToString());
        var journal = new Dictionary<string, string> { ["NMFGRID_POSTGRES"] = postgres.ConnectionString };
        var ports = new[] { LoopbackPort.Free(), LoopbackPort.Free() };
        var seeds = ports.Select(p => $"akka.tcp://nmfgrid@127.0.0.1:{p}").ToArray();
        var coordinators = new List<ChaosMember>();
        for (var i = 0; i < 2; i++)
        {
            var self = i;
            // The first starts the cluster; every later start (the second, a restart) joins through the other.
            var first = true;
            coordinators.Add(new ChaosMember(processes, $"c{i + 1}", "Coordinator member", journal, () =>
            {
                string[] join = self == 0 && first ? [] : ["--seed", seeds[1 - self]];
                first = false;
                return ["coordinator", "--host", "127.0.0.1", "--port", $"{ports[self]}", .. join];
            }));
        }
        var nodes = Enumerable.Range(1, 2).Select(i => new ChaosMember(processes, $"n{i}", "Node ", null, () =>
            ["node", "--host", "127.0.0.1", "--seed", seeds[0], "--seed", seeds[1], "--workers", "1", "--blas", "managed", "--prefetch", "1", "--cache-dir", Path.Combine(root, $"n{i}")])).ToList();
        foreach (var member in coordinators.Concat(nodes)) await member.Start(patience);

        var client = processes.Start("client", "run", bench, "-m", "--cluster", seeds[1]);
        var unplanned = new List<string>();
        var strikes = new List<ChaosStrike>();
        var lastDone = -1;
        foreach (var kill in schedule.Kills)
        {
            var before = lastDone;
            var at = await Until(log, p => p.SweepId is not null && p.Done >= Math.Max(kill.AtDone, before + 1), client, coordinators, nodes, unplanned, schedule, $"kill {kill}",
                                 endsEarly: strikes.Count > 0);
            if (!client.HasExited) await KillMoment.Wait(log, kill.After, at.Done);
            if (client.HasExited)
            {
                // The surviving members ran the rest of the sweep while the last kill's member was replaced (~12 s); how
                // much they run in that time is this machine's speed, so the kills left are reported as not made, never
                // a failure. The first kill always strikes: it waits for the first result only.
                if (strikes.Count == 0) throw Failure(schedule, $"the sweep ended (run --cluster exit {client.ExitCode}) before kill {kill}");
                processes.Note($"the sweep ended before kill {kill}: {schedule.Kills.Count - strikes.Count} of {schedule.Kills.Count} kills not made");
                break;
            }
            var doneAtKill = ResultsTableProgress.Read(log).Done;
            var killedAt = clock.Elapsed;
            processes.Note($"kill {kill} with {doneAtKill} of {jobs} done");
            switch (kill.Target)
            {
                case ChaosTarget.Node:
                    await Replace(nodes[kill.Which], coordinators);
                    break;
                case ChaosTarget.ActiveCoordinator:
                    await Replace(coordinators.Where(c => c.Running).MinBy(c => c.Started)!, coordinators);
                    break;
                case ChaosTarget.Postgres:
                    await postgres.Halt();
                    processes.Note("PostgreSQL halted");
                    await Task.Delay(kill.Outage);
                    await postgres.Restart();
                    processes.Note("PostgreSQL started again");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(schedule), kill.Target, "not a cluster target");
            }
            await Until(log, p => p.Done > doneAtKill || p.Finished, client, coordinators, nodes, unplanned, schedule, $"the sweep to move on after kill {kill}",
                        endsEarly: true);
            strikes.Add(new ChaosStrike(kill, doneAtKill, clock.Elapsed - killedAt));
            lastDone = doneAtKill;
        }
        var deadline = DateTime.UtcNow + patience;
        while (!client.HasExited)
        {
            if (DateTime.UtcNow > deadline) throw Failure(schedule, $"run --cluster did not end within {patience} ({ResultsTableProgress.Read(log).Done} of {jobs} done)");
            await Supervise(coordinators, nodes, unplanned);
            await Task.Delay(100);
        }
        client.WaitForExit(); // the output's last lines
        if (client.ExitCode != 0) throw Failure(schedule, $"run --cluster exited {client.ExitCode}");
        // The client ends when the coordinator says the sweep is done; the results table follows the log a moment later.
        var end = ResultsTableProgress.Read(log);
        for (var settle = DateTime.UtcNow + patience; !end.Finished && DateTime.UtcNow < settle; end = ResultsTableProgress.Read(log))
        {
            await Task.Delay(100);
        }
        if (!end.Finished || end.Jobs != jobs) throw Failure(schedule, $"the sweep ended with {end.Done} of {end.Jobs} jobs done, {jobs} planned");
        return new ChaosRun("cluster", schedule, jobs, strikes, unplanned, clock.Elapsed);
    }

    /// <summary>
    /// Kills a member, starts it again at once, and waits until a coordinator says the dead incarnation left the
    /// membership ("Member removed [ADDRESS]"), so that one kill's membership change is over before the next begins.
    /// Without that wait, a node and the active coordinator killed a few seconds apart (each started again at once)
    /// made the split-brain resolver down every member (DownIndirectlyConnected): see docs/operations.md, Chaos runs.
    /// </summary>
    private async Task Replace(ChaosMember member, IReadOnlyList<ChaosMember> coordinators)
    {
        var address = member.Address;
        var killed = DateTime.UtcNow;
        await member.Kill();
        await member.Start(patience);
        if (Environment.GetEnvironmentVariable("NMFGRID_CHAOS_BACK_TO_BACK") == "1") return; // to replay the collapse
        var others = coordinators.Select(c => c.Name).ToHashSet();
        await processes.WaitFor(l => l.At >= killed && others.Contains(l.Tag.Split('#')[0]) && l.Text.Contains($"Member removed [{address}]"),
                                $"a coordinator to remove {member.Name}'s dead incarnation {address}", patience);
    }

    /// <summary>Starts again every member that ended without being killed (downed, crashed), as systemd's Restart= would.</summary>
    private async Task Supervise(IEnumerable<ChaosMember> coordinators, IEnumerable<ChaosMember> nodes, List<string> unplanned)
    {
        foreach (var member in coordinators.Concat(nodes).Where(m => !m.Running))
        {
            var what = $"{member.Tag} exited {member.Process.ExitCode}";
            processes.Note($"{what} on its own; starting it again");
            unplanned.Add(what);
            await member.Start(patience);
        }
    }

    private async Task<ResultsTableProgress> Until(GridPersistenceOptions log, Func<ResultsTableProgress, bool> condition, Process client,
                                            IEnumerable<ChaosMember> coordinators, IEnumerable<ChaosMember> nodes, List<string> unplanned,
                                            ChaosSchedule schedule, string what, bool endsEarly = false)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var exited = client.HasExited;
            var progress = ResultsTableProgress.Read(log);
            if (condition(progress)) return progress;
            if (exited && endsEarly) return progress;
            if (exited) throw Failure(schedule, $"run --cluster exited {client.ExitCode} while waiting for {what} ({progress.Done} of {progress.Jobs} done)");
            if (DateTime.UtcNow > deadline) throw Failure(schedule, $"waited {patience} for {what} ({progress.Done} of {progress.Jobs} done)");
            await Supervise(coordinators, nodes, unplanned);
            await Task.Delay(100);
        }
    }

    private ChaosFailure Failure(ChaosSchedule schedule, string what) => new(schedule, "cluster chaos: " + what, processes.Transcript());
}
