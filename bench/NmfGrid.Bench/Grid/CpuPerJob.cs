using System.Diagnostics;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// Prints the process's CPU time per job over a measured call, beside BenchmarkDotNet's wall time. On a machine
/// shared with other work the wall time says how long a sweep took; the CPU time says what the grid costs,
/// and 1000 / (CPU ms per job) × cores is the rate the grid could reach with the cores to itself.
/// </summary>
public sealed class CpuPerJob : IDisposable
{
    private readonly string _label;
    private readonly int _jobs;
    private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public CpuPerJob(string label, int jobs)
    {
        _label = label;
        _jobs = jobs;
    }

    public void Dispose()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuStart;
        Console.WriteLine($"// CPU {_label}: {cpu.TotalMilliseconds / _jobs:0.000} ms CPU/job, " +
                          $"{_wall.Elapsed.TotalMilliseconds / _jobs:0.000} ms wall/job, {_jobs / _wall.Elapsed.TotalSeconds:0} jobs/s, " +
                          $"CPU/wall {cpu / _wall.Elapsed:0.00} cores");
    }
}
