using System.Diagnostics;
using NmfGrid.Compute;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Tensors;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// The per-track pipeline, as one plain function: load and compute features (the task's Prepare), factorise,
/// predict and score. The command line, the tests and the grid's workers all call this.
/// </summary>
public static class TrackPipeline
{
    public static TrackOutcome Run(
        IMirTask task, ITrack track, TaskSettings taskSettings, NmfSettings nmf, IBlas blas,
        FeatureCache? cache = null, CancellationToken cancellation = default, bool keepFactors = false)
    {
        if (!task.Accepts(track))
        {
            throw new ArgumentException($"Task '{task.Name}' cannot score track '{track.Id}': it lacks the annotations the task needs.");
        }
        var total = Stopwatch.StartNew();
        var input = task.Prepare(track, taskSettings, cache, cancellation) with { Seed = nmf.Options.Seed };
        var prepared = total.Elapsed.TotalSeconds;

        cancellation.ThrowIfCancellationRequested();
        var extra = new InitialisationRequest { Rank = nmf.Options.Rank, Seed = nmf.Options.Seed, RowFrequencies = input.RowFrequencies };
        var factors = AlgorithmRegistry.Get(nmf.Algorithm) is ITensorAlgorithm
            ? TensorStep.Run(task, track.Id, input, nmf, blas, cancellation)
            : Factorization.Run(input.V, nmf.Algorithm, nmf.Initialisation, nmf.Options, blas, extra, cancellation);
        var factorised = total.Elapsed.TotalSeconds;

        var metrics = task.Score(input, factors, taskSettings, cancellation);
        var scored = total.Elapsed.TotalSeconds;
        return new TrackOutcome(
            metrics,
            new PipelineTimings(prepared, factorised - prepared, scored - factorised, scored),
            factors.Iterations,
            factors.Loss,
            factors.LossHistory.Select(p => p.Loss).ToArray(),
            factors.Backend,
            factors.Threads,
            keepFactors ? DownsampledFactors.From(factors.W, factors.H) : null);
    }
}
