using NmfGrid.Node.Workers;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// The `run:` section: how a sweep runs, not what it computes (so it is not part of any job's identity).
/// Defaults: one worker per core, each with a single-threaded BLAS. Measured on the demo sweep (docs/performance.md,
/// "Workers and BLAS threads per worker"): on 2 cores, 2 workers × 1 thread finished 1.33× sooner than 1 worker ×
/// 2 threads and spent less CPU per job. BLAS threads only pay when a sweep has fewer jobs than cores.
/// </summary>
public sealed record RunSettings(
    int Workers,
    string Backend,
    int BlasThreads,
    int MaxAttempts,
    TimeSpan Lease,
    TimeSpan JobTimeout,
    string OutputRoot,
    string CacheDirectory,
    string Database)
{
    /// <summary>`run.cache_factors` (default true): workers keep each factorisation in the cache under cache_dir, so jobs
    /// that differ only in prediction or scoring keys factorise once, and each prediction, so jobs that differ only in
    /// scoring keys predict once. Workers read it from each job's config.</summary>
    public bool CacheFactors { get; init; } = true;

    /// <summary>`run.share` (default 1): the sweep's share of the workers while other sweeps run on the same grid, as
    /// leases in a row per turn (a sweep of share 2 beside one of share 1 gets two jobs in three).</summary>
    public int Share { get; init; } = 1;

    private static readonly string[] Known =
        ["workers", "blas", "blas_threads", "max_attempts", "lease_seconds", "job_timeout_seconds", "output_dir", "cache_dir", "cache_factors", "database", "seed", "share"];

    public static RunSettings From(ConfigSection run)
    {
        run.RejectUnknown(Known);
        var workers = run.GetInt("workers", Environment.ProcessorCount);
        if (workers < 1)
        {
            throw new ConfigKeyException(run.Key("workers"), $"must be at least 1, got {workers}");
        }
        return new RunSettings(
            workers,
            WorkerBlas.BackendName(run.GetString("blas", "auto")),
            Math.Max(1, run.GetInt("blas_threads", 1)),
            Math.Max(1, run.GetInt("max_attempts", 3)),
            TimeSpan.FromSeconds(run.GetDouble("lease_seconds", 120)),
            TimeSpan.FromSeconds(run.GetDouble("job_timeout_seconds", 3600)),
            run.GetString("output_dir", "outputs"),
            run.GetString("cache_dir", "outputs/cache"),
            run.GetString("database", "outputs/nmfgrid.db"))
        {
            CacheFactors = run.GetBool("cache_factors", true),
            Share = Positive(run, "share", 1),
        };
    }

    private static int Positive(ConfigSection run, string key, int fallback)
    {
        var value = run.GetInt(key, fallback);
        return value >= 1 ? value : throw new ConfigKeyException(run.Key(key), $"must be at least 1, got {value}");
    }
}
