using BenchmarkDotNet.Attributes;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// The grid's own overhead: a sweep of no-op jobs through the embedded grid exactly as `nmfgrid run` builds it
/// (the sweep coordinator on a real SQLite file, WorkerActors in the same process). Each measured call is
/// one whole sweep on a fresh database; the reported time is per job (OperationsPerInvoke), so
/// jobs/s = 1 / mean. The Workers parameter goes past the machine's cores on purpose: no-op workers cost
/// next to nothing, so 128 of them show where the coordinator itself saturates.
/// </summary>
[Config(typeof(QuickJobConfig))]
public class GridThroughputBenchmarks
{
    public const int Jobs = 5000;
    private string _folder = "";
    private EmbeddedGrid? _grid;
    private int _sweepNumber;

    [Params(2)]
    public int Workers { get; set; }

    [IterationSetup]
    public void StartGrid()
    {
        _folder = Directory.CreateTempSubdirectory("nmfgrid-bench-").FullName;
        var run = new RunSettings(Workers, BlasBackend.Managed, 1, 3, TimeSpan.FromSeconds(120), TimeSpan.FromHours(1),
                                  Path.Combine(_folder, "outputs"), Path.Combine(_folder, "cache"), Path.Combine(_folder, "nmfgrid.db"));
        _grid = EmbeddedGrid.Start(run, startWorkers: false).GetAwaiter().GetResult();
        _grid.StartWorkers(run, new NoOpJobRunner());
    }

    [IterationCleanup]
    public void StopGrid()
    {
        _grid!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Jobs)]
    public void NoOpSweep()
    {
        var sweep = SyntheticSweep.Create(Jobs, $"bench{++_sweepNumber}");
        using var cpu = new CpuPerJob($"{nameof(GridThroughputBenchmarks)} Workers={Workers}", Jobs);
        var finished = SweepCompletion.Watch(_grid!.System, Jobs);
        _grid.Submit(sweep).GetAwaiter().GetResult();
        if (!finished.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException($"the sweep of {Jobs} no-op jobs did not finish in 2 minutes");
        }
    }
}
