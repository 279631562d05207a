using System.Diagnostics;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// Long runs of the embedded grid on SQLite with no-op jobs (issue 16 §2): <c>--sweeps K --jobs N</c> runs K sweeps of
/// N jobs one after another on one database, each in a fresh process-like grid (a new <see cref="EmbeddedGrid"/>), and
/// prints per sweep: dispatch rate (submit to the last outcome stored), the managed heap after a full collection,
/// the process's peak working set so far, the largest snapshot in the snapshot store (polled every 0.5 s: old ones are
/// deleted), and the recovery time of that sweep half-done: a grid stopped half-way and a new grid started on the
/// database, timed from its start to the sweep answering progress. `bench/run-long-sweeps.sh` runs it.
/// </summary>
public static class LongSweeps
{
    public static int Run(string[] args)
    {
        int sweeps = 1, jobs = 10_000;
        var folder = Directory.CreateTempSubdirectory("nmfgrid-long-").FullName;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sweeps": sweeps = int.Parse(args[i + 1]); break;
                case "--jobs": jobs = int.Parse(args[i + 1]); break;
                case "--folder": folder = args[i + 1]; Directory.CreateDirectory(folder); break;
                default: throw new ArgumentException($"long-sweeps: unknown option '{args[i]}' (--sweeps K --jobs N --folder DIR)");
            }
        }
        var database = Path.Combine(folder, "nmfgrid.db");
        Console.WriteLine($"// long-sweeps: {sweeps} × {jobs:N0} no-op jobs, embedded, 2 workers, SQLite {database}");
        Console.WriteLine("sweep | jobs/s | heap MB after | peak working set MB | largest snapshot MB | recovery half-done s | earlier sweeps' grids still alive");
        // Every disposed grid's actor system, weakly: one that survives a full collection is rooted somewhere (a leak).
        // This sweep's two are left out of the count (the JIT may still hold their locals).
        var disposed = new List<WeakReference>();
        long largest = 0;
        using var stop = new CancellationTokenSource();
        var poll = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                largest = Math.Max(largest, LargestSnapshot(database));
                await Task.Delay(500);
            }
        });
        for (var s = 1; s <= sweeps; s++)
        {
            var sweep = SyntheticSweep.Create(jobs, $"long-{s:00}");
            var run = new RunSettings(2, "managed", 1, 3, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2), folder, folder, database);

            // Half the sweep, then the grid stops (its entity's log holds half the jobs done, the rest pending).
            double rate;
            var clock = Stopwatch.StartNew();
            using (var half = new Gate(jobs / 2))
            {
                var grid = EmbeddedGrid.Start(run, runner: new GatedRunner(half), results: false).GetAwaiter().GetResult();
                var done = SweepCompletion.Watch(grid.System, jobs / 2);
                grid.Submit(sweep).GetAwaiter().GetResult();
                done.Wait();
                disposed.Add(new WeakReference(grid.System)); // before: a disposed grid's services are gone
                grid.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            // Recovery: a new grid on the database, from its start to the sweep's entity answering.
            var recovery = Stopwatch.StartNew();
            var second = EmbeddedGrid.Start(run, runner: new NoOpJobRunner(), results: false).GetAwaiter().GetResult();
            var progress = second.Progress(sweep.SweepId).GetAwaiter().GetResult()!;
            var recovered = recovery.Elapsed;
            var rest = SweepCompletion.Watch(second.System, jobs - progress.Succeeded);
            rest.Wait();
            rate = jobs / clock.Elapsed.TotalSeconds; // both halves, grid start-ups included
            disposed.Add(new WeakReference(second.System));
            second.DisposeAsync().AsTask().GetAwaiter().GetResult();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var heap = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            largest = Math.Max(largest, LargestSnapshot(database));
            Console.WriteLine($"{s} | {rate:0} | {heap:0} | {peak:0} | {largest / 1048576.0:0.0} | {recovered.TotalSeconds:0.00} | {disposed.SkipLast(2).Count(w => w.IsAlive)}/{disposed.Count - 2}");
        }
        stop.Cancel();
        poll.Wait();
        return 0;
    }

    internal static long LargestSnapshot(string database)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={SqliteDatabase.SnapshotPath(database)};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(LENGTH(snapshot)), 0) FROM snapshot";
            return Convert.ToInt64(command.ExecuteScalar());
        }
        catch (SqliteException)
        {
            return 0; // not created yet, or busy: the next poll reads it
        }
    }

    /// <summary>Lets this many jobs finish, then holds every further job until disposed (the grid is stopped half-way).</summary>
    private sealed class Gate(int open) : IDisposable
    {
        private int _left = open;
        private readonly ManualResetEventSlim _released = new(false);

        public void Pass(CancellationToken cancellation)
        {
            if (Interlocked.Decrement(ref _left) >= 0) return;
            WaitHandle.WaitAny([_released.WaitHandle, cancellation.WaitHandle]);
            cancellation.ThrowIfCancellationRequested();
        }

        public void Dispose() => _released.Set();
    }

    private sealed class GatedRunner(Gate gate) : IJobRunner
    {
        private readonly NoOpJobRunner _noop = new();

        public JobResult Run(JobSpec job, PointSpec point, CancellationToken cancellation)
        {
            gate.Pass(cancellation);
            return _noop.Run(job, point, cancellation);
        }
    }
}
