using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace NmfGrid.Bench;

/// <summary>
/// A short in-process job: one warm-up and three measured runs of one call each. The benchmarks it serves
/// take 0.1–10 s per call, so BenchmarkDotNet's pilot stage and long defaults would only cost minutes;
/// in-process saves the per-benchmark rebuild on a 2-core machine.
/// </summary>
public sealed class QuickJobConfig : ManualConfig
{
    public QuickJobConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("quick"));
        AddExporter(JsonExporter.Full);
    }
}

/// <summary>Short in-process job with BenchmarkDotNet choosing how many calls make one measurement (millisecond benchmarks).</summary>
public sealed class ShortJobConfig : ManualConfig
{
    public ShortJobConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("short"));
        AddExporter(JsonExporter.Full);
    }
}
