using System.Diagnostics;
using System.Globalization;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Node.Workers;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// Long runs with a real crash (issue 16 §2): <c>killed-sweeps --sweeps K --jobs N</c> runs K sweeps of N no-op jobs one
/// after another on one SQLite database, each in its own process (an <see cref="EmbeddedGrid"/>, as `nmfgrid run` hosts
/// it: 2 workers, no results table), killed with SIGKILL once half its jobs are done; a new process on the database then
/// recovers it (its remembered entity starts on its own, as under `nmfgrid resume`) and finishes it. Per sweep: dispatch
/// rate before the kill (submission accepted to the kill) and after recovery, peak resident memory (VmHWM) of each
/// process, the largest snapshot row seen (polled), and recovery: from the new process's start to its first new job
/// stored. `bench/run-killed-sweeps.sh` runs it.
/// </summary>
public static class KilledSweeps
{
    public static int Run(string[] args)
    {
        int sweeps = 1, jobs = 100_000;
        var folder = Directory.CreateTempSubdirectory("nmfgrid-killed-").FullName;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sweeps": sweeps = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--jobs": jobs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--folder": folder = args[i + 1]; Directory.CreateDirectory(folder); break;
                default: throw new ArgumentException($"killed-sweeps: unknown option '{args[i]}' (--sweeps K --jobs N --folder DIR)");
            }
        }
        var database = Path.Combine(folder, "nmfgrid.db");
        Console.WriteLine($"// killed-sweeps: {sweeps} × {jobs:N0} no-op jobs, embedded, 2 workers, SQLite {database}; SIGKILL at half, then a new process");
        Console.WriteLine("sweep | jobs/s before kill | jobs/s after recovery | peak RSS MB (killed) | peak RSS MB (recovered) | largest snapshot MB | recovery s | load | recovering process: grid started, sweep answered, first new job stored (s since its start)");
        long largest = 0;
        using var stop = new CancellationTokenSource();
        var poll = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                largest = Math.Max(largest, LongSweeps.LargestSnapshot(database));
                await Task.Delay(250);
            }
        });
        for (var s = 1; s <= sweeps; s++)
        {
            var id = $"killed-{s:00}";
            // The first process: submits, runs half the sweep, and is killed.
            double before = 0, peakKilled = 0, accepted = double.NaN;
            using (var first = Child("run", id, jobs, folder))
            {
                foreach (var line in Lines(first))
                {
                    var f = line.Split(' ');
                    if (f[0] == "accepted") accepted = double.Parse(f[1], CultureInfo.InvariantCulture);
                    if (f[0] != "progress") continue;
                    var (done, at) = (int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture));
                    peakKilled = double.Parse(f[3], CultureInfo.InvariantCulture);
                    if (done >= jobs / 2)
                    {
                        before = done / (at - accepted);
                        first.Kill(); // SIGKILL
                        break;
                    }
                }
                first.WaitForExit();
            }
            // The next process on the same database: recovery is from its start to its first new job stored.
            double recovery = double.NaN, after = 0, peakRecovered = 0;
            var steps = "";
            var clock = Stopwatch.StartNew();
            using (var second = Child("resume", id, jobs, folder))
            {
                foreach (var line in Lines(second))
                {
                    var f = line.Split(' ');
                    if (f[0] == "resumed") recovery = clock.Elapsed.TotalSeconds;
                    if (f[0] is "started" or "recovered" or "resumed") steps += $"{f[0]} {f[^1]}s; ";
                    if (f[0] == "cpu") steps += $"CPU time at recovery {f[1]}s; ";
                    if (f[0] == "heap") steps += $"live heap after recovery {f[1]} MB (peak RSS then {f[2]} MB); ";
                    if (f[0] == "finished")
                    {
                        after = double.Parse(f[1], CultureInfo.InvariantCulture);
                        peakRecovered = double.Parse(f[2], CultureInfo.InvariantCulture);
                    }
                }
                second.WaitForExit();
                if (second.ExitCode != 0) throw new InvalidOperationException($"the recovering process of sweep {id} exited {second.ExitCode}");
            }
            largest = Math.Max(largest, LongSweeps.LargestSnapshot(database));
            Console.WriteLine($"{s} | {before:0} | {after:0} | {peakKilled:0} | {peakRecovered:0} | {largest / 1048576.0:0.0} | {recovery:0.00} | {File.ReadAllText("/proc/loadavg").Split(' ')[0]} | {steps.TrimEnd(' ', ';')}");
        }
        stop.Cancel();
        poll.Wait();
        return 0;
    }

    private static Process Child(string phase, string sweepId, int jobs, string folder)
    {
        var self = typeof(KilledSweeps).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { self, "killed-sweeps-child", phase, sweepId, jobs.ToString(CultureInfo.InvariantCulture), folder })
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the sweep process");
    }

    private static IEnumerable<string> Lines(Process process)
    {
        // NMFGRID_BENCH_LOG=FILE: every line the sweep processes print goes there too (their memory over time).
        var log = Environment.GetEnvironmentVariable("NMFGRID_BENCH_LOG");
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (!string.IsNullOrEmpty(log)) File.AppendAllLines(log, [$"{process.Id} {line}"]);
            yield return line;
        }
    }

    /// <summary>The sweep's process: `run` submits it, `resume` only starts the grid (its remembered entity recovers).</summary>
    public static async Task<int> Child(string[] args)
    {
        var (phase, sweepId, jobs, folder) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
        var clock = Stopwatch.StartNew();
        var offset = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds; // the runtime's own start
        double Now() => offset + clock.Elapsed.TotalSeconds;
        var run = new RunSettings(2, "managed", 1, 3, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2), folder, folder,
                                  Path.Combine(folder, "nmfgrid.db"));
        var grid = await EmbeddedGrid.Start(run, runner: new NoOpJobRunner(), results: false);
        double Peak() => Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        string T(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"started {T(Now())}");
        int recovered = -1;
        var since = 0.0;
        if (phase == "run")
        {
            var sweep = SyntheticSweep.Create(jobs, sweepId);
            since = Now(); // dispatch starts with the first part: the rate counts the submission
            Console.WriteLine($"accepted {T(since)}");
            await grid.Submit(sweep);
            Console.WriteLine($"submitted {T(Now())} {T(Peak())}");
            recovered = 0;
        }
        while (true)
        {
            var progress = await grid.Progress(sweepId);
            if (progress is null)
            {
                await Task.Delay(20);
                continue;
            }
            if (recovered < 0)
            {
                recovered = progress.Succeeded;
                Console.WriteLine($"cpu {T(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds)}");
                Console.WriteLine($"recovered {recovered} {T(Now())}");
                if (Environment.GetEnvironmentVariable("NMFGRID_BENCH_HEAP") == "1")
                {
                    Console.WriteLine($"heap {T(GC.GetTotalMemory(forceFullCollection: true) / 1048576.0)} {T(Peak())}");
                }
            }
            else if (phase == "resume" && since == 0 && progress.Succeeded > recovered)
            {
                since = Now();
                Console.WriteLine($"resumed {T(since)}");
            }
            // After the peak: the resident set now, the GC heap after the last collection and what it has committed (MB).
            var gc = GC.GetGCMemoryInfo();
            Console.WriteLine($"progress {progress.Succeeded} {T(Now())} {T(Peak())} {T(Process.GetCurrentProcess().WorkingSet64 / 1048576.0)} " +
                              $"{T(gc.HeapSizeBytes / 1048576.0)} {T(gc.TotalCommittedBytes / 1048576.0)}");
            if (progress.Finished)
            {
                Console.WriteLine($"finished {T((progress.Succeeded - recovered) / (Now() - since))} {T(Peak())}");
                break;
            }
            await Task.Delay(since == 0 ? 20 : 250);
        }
        await grid.DisposeAsync();
        return 0;
    }
}
