using System.Collections.Concurrent;
using System.Text.Json;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Messages;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Node.Workers;

/// <summary>
/// Runs a job through the per-track pipeline: the job's config names the task, the algorithm and the dataset,
/// and the job names the track. One instance serves all of a process's workers; datasets are opened once.
/// The first track of a dataset also brings back a downsampled W and H, so each configuration's report can
/// show one (its sweep's jobs on that track are the ones that carry them; see docs/ARCHITECTURE.md). Factorisations
/// and predictions are cached too unless the job's `run.cache_factors` is false, so jobs differing only in scoring share them.
/// </summary>
public sealed class PipelineJobRunner(IBlas blas, FeatureCache? cache) : IJobRunner
{
    public PipelineJobRunner(WorkerBlas blas, FeatureCache? cache) : this(blas.Library, cache)
    {
    }

    // Keyed by the whole `dataset:` section: options such as MUSDB18's subsets change which tracks it holds.
    private readonly ConcurrentDictionary<string, (IDataset Dataset, string? FirstTrack)> _datasets = new();

    public JobResult Run(JobSpec job, CancellationToken cancellation)
    {
        var config = JobConfig.FromJson(job.ConfigJson);
        var task = TaskRegistry.Get(config.TaskName);
        var nmf = NmfSettings.From(config.Algorithm, job.Seed);
        var (dataset, firstTrack) = _datasets.GetOrAdd(JsonSerializer.Serialize(config.Dataset.Values), _ =>
        {
            var opened = DatasetRegistry.Open(config.DatasetName, config.DatasetRoot, config.Dataset);
            return (opened, opened.TrackIds().FirstOrDefault());
        });
        var track = dataset.Track(job.TrackId);
        var outcome = TrackPipeline.Run(task, track, config.Task, nmf, blas, cache, cancellation,
            keepFactors: job.TrackId == firstTrack, dataset: dataset, cacheFactors: config.Run.GetBool("cache_factors", true));
        var t = outcome.Timings;
        return new JobResult(
            outcome.Metrics,
            new StageTimings(Load: 0, Features: t.Prepare, Nmf: t.Nmf, Task: t.Score, Total: t.Total),
            outcome.Iterations,
            outcome.FinalLoss,
            outcome.LossHistory,
            outcome.Backend,
            outcome.BlasThreads,
            Host: "",
            WorkerId: "",
            outcome.Factors is { } f ? new FactorPreview(f.Rows, f.Rank, f.Columns, f.W, f.H) : null);
    }
}
