using BenchmarkDotNet.Attributes;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// The grid's own overhead: a sweep of 5,000 no-op jobs through the embedded grid with its default two workers
/// on a real SQLite file. Each measured call is one whole sweep on a fresh database; the reported time is
/// per job (OperationsPerInvoke), so jobs/s = 1 / mean. CpuPerJob prints the CPU time per job beside it.
/// </summary>
[Config(typeof(QuickJobConfig))]
public class GridThroughputBenchmarks
{
    public const int Jobs = 5000;
    private NoOpGrid? _grid;

    [Params(2)]
    public int Workers { get; set; }

    [IterationSetup]
    public void StartGrid() => _grid = new NoOpGrid(Workers);

    [IterationCleanup]
    public void StopGrid() => _grid!.Dispose();

    [Benchmark(OperationsPerInvoke = Jobs)]
    public void NoOpSweep() => _grid!.RunSweep(Jobs, nameof(GridThroughputBenchmarks));
}
