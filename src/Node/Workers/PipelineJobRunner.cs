using System.Collections.Concurrent;
using System.Text.Json;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Messages;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Node.Workers;

/// <summary>
/// Runs a job through the per-track pipeline: its point's settings (parsed once per point) name the task, the algorithm and the dataset,
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

    // A long-lived node runs many sweeps: past this many points, the parsed settings are dropped and parsed again on demand.
    private const int MaxPoints = 1024;

    // Each point's settings, parsed once by this process (keyed by the config itself, so equal points share them), and
    // the key of its dataset: the whole `dataset:` section, since options such as MUSDB18's subsets change which tracks it holds.
    private readonly ConcurrentDictionary<string, (JobSettings Settings, string DatasetKey)> _points = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (IDataset Dataset, string? FirstTrack)> _datasets = new(StringComparer.Ordinal);

    public JobResult Run(JobSpec job, PointSpec point, CancellationToken cancellation)
    {
        if (_points.Count > MaxPoints) _points.Clear();
        var (settings, datasetKey) = _points.GetOrAdd(point.ConfigJson, json =>
        {
            var parsed = JobSettings.Parse(JobConfig.FromJson(json));
            return (parsed, JsonSerializer.Serialize(parsed.Dataset.Values));
        });
        var (dataset, firstTrack) = _datasets.GetOrAdd(datasetKey, _ =>
        {
            var section = settings.Dataset;
            var opened = DatasetRegistry.Open(section.GetString("name", ""), section.GetString("root", ""), section);
            return (opened, opened.TrackIds().FirstOrDefault());
        });
        var track = dataset.Track(job.TrackId);
        var outcome = TrackPipeline.Run(settings.Task, track, settings.TaskSettings, settings.NmfFor(job.Seed), blas, cache, cancellation,
            keepFactors: job.TrackId == firstTrack, dataset: dataset, cacheFactors: settings.CacheFactors);
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
