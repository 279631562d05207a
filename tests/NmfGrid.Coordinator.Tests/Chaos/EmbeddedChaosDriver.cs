using System.Diagnostics;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Tests.Cluster;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// Chaos on the embedded grid: `nmfgrid run BENCH -m` as its own process, killed with SIGKILL at each point of the
/// schedule and continued each time with `nmfgrid resume SWEEP --database DB`, as a user would, until the sweep ends.
/// Every wait is "until the database shows it, or <paramref name="patience"/>"; nothing depends on the machine's speed.
/// </summary>
internal sealed class EmbeddedChaosDriver(NmfgridProcesses processes, string bench, string database, TimeSpan patience)
{
    public async Task<ChaosRun> Run(ChaosSchedule schedule, int jobs)
    {
        var log = GridPersistenceOptions.Sqlite(database);
        var clock = Stopwatch.StartNew();
        processes.Note(schedule.ToString());
        var process = processes.Start("run", "run", bench, "-m");
        var strikes = new List<ChaosStrike>();
        var lastDone = -1;
        foreach (var kill in schedule.Kills)
        {
            var before = lastDone;
            var at = await Until(log, p => p.SweepId is not null && p.Done >= Math.Max(kill.AtDone, before + 1), process, schedule, $"kill {kill}");
            await KillMoment.Wait(log, kill.After, at.Done);
            if (process.HasExited) throw Failure(schedule, $"the sweep ended (exit {process.ExitCode}) before kill {kill}: the sweep is too short for this machine");
            process.Kill();
            await process.WaitForExitAsync();
            var killedAt = clock.Elapsed;
            var doneAtKill = ResultsTableProgress.Read(log).Done;
            processes.Note($"kill {kill}: SIGKILL pid {process.Id} with {doneAtKill} of {jobs} done");
            process = processes.Start($"resume{kill.Index + 1}", "resume", at.SweepId!, "--database", database);
            await Until(log, p => p.Done > doneAtKill || p.Finished, process, schedule, $"the sweep to move on after kill {kill}");
            strikes.Add(new ChaosStrike(kill, doneAtKill, clock.Elapsed - killedAt));
            lastDone = doneAtKill;
        }
        try
        {
            await process.WaitForExitAsync().WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw Failure(schedule, $"the last resume did not end within {patience}");
        }
        process.WaitForExit(); // the output's last lines
        if (process.ExitCode != 0) throw Failure(schedule, $"the last resume exited {process.ExitCode}");
        var end = ResultsTableProgress.Read(log);
        if (!end.Finished || end.Jobs != jobs) throw Failure(schedule, $"the sweep ended with {end.Done} of {end.Jobs} jobs done, {jobs} planned");
        return new ChaosRun("embedded", schedule, jobs, strikes, [], clock.Elapsed);
    }

    /// <summary>
    /// Waits until the results table satisfies <paramref name="condition"/>. A process that ends meanwhile is fine only
    /// if the condition then holds (a resume that finishes the sweep).
    /// </summary>
    private async Task<ResultsTableProgress> Until(GridPersistenceOptions log, Func<ResultsTableProgress, bool> condition, Process process, ChaosSchedule schedule, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var exited = process.HasExited;
            var progress = ResultsTableProgress.Read(log);
            if (condition(progress)) return progress;
            if (exited) throw Failure(schedule, $"nmfgrid exited {process.ExitCode} while waiting for {what} ({progress.Done} of {progress.Jobs} done)");
            if (DateTime.UtcNow > deadline) throw Failure(schedule, $"waited {patience} for {what} ({progress.Done} of {progress.Jobs} done)");
            await Task.Delay(50);
        }
    }

    private ChaosFailure Failure(ChaosSchedule schedule, string what) => new(schedule, "embedded chaos: " + what, processes.Transcript());
}
