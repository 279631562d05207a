using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// A real sweep, benchmarks/demo.yaml (separation, transcription and structure, two synthetic tracks each: six
/// jobs of 1–10 s), three ways: the same jobs through PipelineJobRunner in a plain Parallel.ForEach over two
/// threads (the baseline: no grid at all), then through the embedded grid with two single-threaded workers, and
/// with one worker on two BLAS threads. The grid is started before each measured call (host start-up is not part
/// of a sweep's overhead; it is printed); feature caches are warm after the warm-up call for every method alike.
/// </summary>
[Config(typeof(QuickJobConfig))]
public class DemoSweepBenchmarks
{
    private string _folder = "";
    private SweepBuilder.Plan _plan = null!;
    private EmbeddedGrid? _grid;
    private int _iteration;

    private string _startFolder = "";

    [GlobalSetup]
    public void PlanDemo()
    {
        _startFolder = Directory.GetCurrentDirectory();
        _folder = Directory.CreateTempSubdirectory("nmfgrid-demo-bench-").FullName;
        var demo = Path.Combine(RepositoryRoot(), "benchmarks", "demo.yaml");
        // The demo's relative paths (synthetic corpora, cache, outputs) land in the temporary folder.
        Directory.SetCurrentDirectory(_folder);
        var points = SweepPlanner.Plan(demo, [], multirun: true, DateTimeOffset.Now);
        _plan = SweepBuilder.Build("demo", points, prepareDatasets: true);
    }

    [GlobalCleanup]
    public void RemoveFolder()
    {
        Directory.SetCurrentDirectory(_startFolder); // BenchmarkDotNet writes its artifacts relative to it
        Directory.Delete(_folder, recursive: true);
    }

    [IterationSetup(Targets = [nameof(Grid_2_workers_1_BLAS_thread)])]
    public void StartTwoWorkers() => StartGrid(workers: 2, blasThreads: 1);

    [IterationSetup(Targets = [nameof(Grid_1_worker_2_BLAS_threads)])]
    public void StartOneWorker() => StartGrid(workers: 1, blasThreads: 2);

    [IterationCleanup(Targets = [nameof(Grid_2_workers_1_BLAS_thread), nameof(Grid_1_worker_2_BLAS_threads)])]
    public void StopGrid() => _grid!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public void Parallel_loop_2_threads_1_BLAS_thread()
    {
        var runner = new PipelineJobRunner(WorkerBlas.Create(_plan.Run.Backend, 1), new FeatureCache(_plan.Run.CacheDirectory));
        using var cpu = new CpuPerJob(nameof(Parallel_loop_2_threads_1_BLAS_thread), _plan.Sweep.Jobs.Count);
        // One job at a time per thread, as the grid's workers pull them: the default partitioner hands out chunks,
        // which with six jobs of unequal length left one thread idle while the other ran three long ones.
        Parallel.ForEach(Partitioner.Create(_plan.Sweep.Jobs, EnumerablePartitionerOptions.NoBuffering),
                         new ParallelOptions { MaxDegreeOfParallelism = 2 }, job => runner.Run(job, _plan.Sweep.PointOf(job), CancellationToken.None));
    }

    [Benchmark]
    public void Grid_2_workers_1_BLAS_thread() => RunSweep(nameof(Grid_2_workers_1_BLAS_thread));

    [Benchmark]
    public void Grid_1_worker_2_BLAS_threads() => RunSweep(nameof(Grid_1_worker_2_BLAS_threads));

    // A grid that has already run sweeps, as a worker is in the middle of a long one: started once, each call
    // runs the same six jobs under new ids (so no result is reused). Its worker threads, their BLAS buffers
    // and the pooled arrays are warm, which a grid started for every call never is.
    [GlobalSetup(Target = nameof(Grid_running_2_workers_1_BLAS_thread))]
    public void StartRunningGrid()
    {
        PlanDemo();
        StartGrid(workers: 2, blasThreads: 1);
    }

    [GlobalCleanup(Target = nameof(Grid_running_2_workers_1_BLAS_thread))]
    public void StopRunningGrid()
    {
        StopGrid();
        RemoveFolder();
    }

    [Benchmark]
    public void Grid_running_2_workers_1_BLAS_thread()
    {
        var call = ++_iteration;
        var sweep = _plan.Sweep with
        {
            SweepId = $"{_plan.Sweep.SweepId}-{call}",
            Jobs = _plan.Sweep.Jobs.Select(j => j with { JobId = $"{j.JobId}-{call}", SweepId = $"{_plan.Sweep.SweepId}-{call}" }).ToArray(),
        };
        using var cpu = new CpuPerJob(nameof(Grid_running_2_workers_1_BLAS_thread), sweep.Jobs.Count);
        var finished = SweepCompletion.Watch(_grid!.System, sweep.Jobs.Count);
        _grid.Submit(sweep).GetAwaiter().GetResult();
        if (!finished.Wait(TimeSpan.FromMinutes(5)))
        {
            throw new TimeoutException("the demo sweep did not finish in 5 minutes");
        }
    }

    private void StartGrid(int workers, int blasThreads)
    {
        var clock = Stopwatch.StartNew();
        var run = _plan.Run with { Workers = workers, BlasThreads = blasThreads, Database = Path.Combine(_folder, $"demo-{++_iteration}.db") };
        _grid = EmbeddedGrid.Start(run).GetAwaiter().GetResult();
        Console.WriteLine($"// grid start-up ({workers} × {_grid.Blas.Name} × {_grid.Blas.Threads}): {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    private void RunSweep(string label)
    {
        using var cpu = new CpuPerJob(label, _plan.Sweep.Jobs.Count);
        var finished = SweepCompletion.Watch(_grid!.System, _plan.Sweep.Jobs.Count);
        _grid.Submit(_plan.Sweep).GetAwaiter().GetResult();
        if (!finished.Wait(TimeSpan.FromMinutes(5)))
        {
            throw new TimeoutException("the demo sweep did not finish in 5 minutes");
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "NmfGrid.sln")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no NmfGrid.sln above {AppContext.BaseDirectory}");
    }
}
