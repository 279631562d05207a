using BenchmarkDotNet.Attributes;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// Where the one sweep coordinator saturates: the same no-op sweep with 1 to 256 workers in one process. No-op
/// workers cost next to nothing, so past the machine's cores the extra workers only add coordinator traffic
/// (requests, assignments, heartbeats, outcomes), as a large cluster would.
/// </summary>
[Config(typeof(QuickJobConfig))]
public class GridWorkerScalingBenchmarks
{
    public const int Jobs = 5000;
    private NoOpGrid? _grid;

    [Params(1, 2, 8, 32, 128, 256)]
    public int Workers { get; set; }

    [IterationSetup]
    public void StartGrid() => _grid = new NoOpGrid(Workers);

    [IterationCleanup]
    public void StopGrid() => _grid!.Dispose();

    [Benchmark(OperationsPerInvoke = Jobs)]
    public void NoOpSweep() => _grid!.RunSweep(Jobs, nameof(GridWorkerScalingBenchmarks));
}
