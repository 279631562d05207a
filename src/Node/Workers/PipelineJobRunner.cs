using System.Collections.Concurrent;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Messages;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Node.Workers;

/// <summary>
/// Runs a job through the per-track pipeline: the job's config names the task, the algorithm and the dataset,
/// and the job names the track. One instance serves all of a process's workers; datasets are opened once.
/// </summary>
public sealed class PipelineJobRunner(IBlas blas, FeatureCache? cache) : IJobRunner
{
    private readonly ConcurrentDictionary<(string Name, string Root), IDataset> _datasets = new();

    public JobResult Run(JobSpec job, CancellationToken cancellation)
    {
        var config = JobConfig.FromJson(job.ConfigJson);
        var task = TaskRegistry.Get(config.TaskName);
        var nmf = NmfSettings.From(config.Algorithm, job.Seed);
        var dataset = _datasets.GetOrAdd((config.DatasetName, config.DatasetRoot), key => DatasetRegistry.Open(key.Name, key.Root));
        var track = dataset.Track(job.TrackId);
        var outcome = TrackPipeline.Run(task, track, config.Task, nmf, blas, cache, cancellation);
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
            WorkerId: "");
    }
}
