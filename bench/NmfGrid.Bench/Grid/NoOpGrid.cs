using NmfGrid.Node.Workers;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// The embedded grid exactly as `nmfgrid run` builds it (the sweep coordinator on a fresh SQLite file, WorkerActors
/// in the same process), with workers that run no-op jobs.
/// </summary>
public sealed class NoOpGrid : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nmfgrid-bench-").FullName;
    private readonly EmbeddedGrid _grid;
    private readonly int _workers;
    private int _sweepNumber;

    public NoOpGrid(int workers)
    {
        _workers = workers;
        var run = new RunSettings(workers, "managed", 1, 3, TimeSpan.FromSeconds(120), TimeSpan.FromHours(1),
                                  Path.Combine(_folder, "outputs"), Path.Combine(_folder, "cache"), Path.Combine(_folder, "nmfgrid.db"));
        _grid = EmbeddedGrid.Start(run, runner: new NoOpJobRunner(), results: false).GetAwaiter().GetResult();
    }

    /// <summary>Submits a sweep of this many no-op jobs and returns when every outcome is stored.</summary>
    public void RunSweep(int jobs, string label)
    {
        var sweep = SyntheticSweep.Create(jobs, $"bench{++_sweepNumber}");
        using var cpu = new CpuPerJob($"{label} Workers={_workers}", jobs);
        var finished = SweepCompletion.Watch(_grid.System, jobs);
        _grid.Submit(sweep).GetAwaiter().GetResult();
        if (!finished.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException($"the sweep of {jobs} no-op jobs did not finish in 2 minutes");
        }
    }

    public void Dispose()
    {
        _grid.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }
}
