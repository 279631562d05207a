using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
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
/// predict and score. The command line, the tests and the grid's workers all call this. A supervised method
/// (<see cref="ISupervisedTask"/>) learns its templates from <paramref name="dataset"/>'s training material first
/// (once per configuration: the dictionary is cached) and factorises with them fixed. With <c>cacheFactors</c> and a
/// cache, the factorisation is a cached artifact too (<see cref="FactorArtifact"/>): jobs that differ only in
/// prediction or scoring keys factorise once and score many times; so is the prediction of a task that makes one
/// (<see cref="IPredictionTask"/>, <see cref="PredictionArtifact"/>): jobs that differ only in scoring keys predict once.
/// </summary>
public static class TrackPipeline
{
    public static TrackOutcome Run(
        IMirTask task, ITrack track, ITaskSettings taskSettings, NmfSettings nmf, IBlas blas,
        FeatureCache? cache = null, CancellationToken cancellation = default, bool keepFactors = false, IDataset? dataset = null,
        bool cacheFactors = false)
    {
        if (!task.Accepts(track))
        {
            throw new ArgumentException($"Task '{task.Name}' cannot score track '{track.Id}': it lacks the annotations the task needs.");
        }
        var total = Stopwatch.StartNew();
        var input = task.Prepare(track, taskSettings, cache, cancellation) with { Seed = nmf.Options.Seed };
        if (task is ISupervisedTask supervised && supervised.IsSupervised(taskSettings))
        {
            if (dataset is null)
                throw new ArgumentException($"Task '{task.Name}' with these settings learns from its dataset's training material; no dataset was given.");
            var templates = supervised.Learn(dataset, taskSettings, blas, cache, cancellation);
            templates.CheckAgainst(input.V);
            input = input with { Templates = templates };
        }
        var prepared = total.Elapsed.TotalSeconds;

        cancellation.ThrowIfCancellationRequested();
        var tensor = TensorFactorization.IsTensorModel(nmf.Solver);
        if (tensor && input.Templates is not null)
            throw new ArgumentException($"Algorithm '{nmf.Algorithm}' factorises a tensor; learned templates fix columns of a matrix W, so a supervised method needs a matrix algorithm.");
        NmfResult<double> Compute() => tensor
            ? TensorStep.Run(task, track.Id, input, nmf, blas, cancellation)
            : Factorise(input, nmf, blas, cancellation);
        var stages = cacheFactors ? cache : null;
        var factorKey = stages is null ? null : FactorArtifact.Key(input, nmf, tensor);
        var (factors, reused) = !task.ReadsFactors(taskSettings)
            ? (NoFactors(input, blas), false)
            : stages is not null
                ? Cached(stages, factorKey!, Compute, blas, cancellation)
                : (Compute(), false);
        var factorised = total.Elapsed.TotalSeconds;

        var (metrics, predictionReused) = Score(task, input, factors, taskSettings, stages, factorKey, cancellation);
        var scored = total.Elapsed.TotalSeconds;
        return new TrackOutcome(
            metrics,
            new PipelineTimings(prepared, factorised - prepared, scored - factorised, scored),
            factors.Iterations,
            factors.Loss,
            factors.LossHistory.Select(p => p.Loss).ToArray(),
            factors.Backend,
            factors.Threads,
            keepFactors && factors.W.ColumnCount > 0 ? DownsampledFactors.From(factors.W, factors.H) : null)
        {
            FactorsCached = reused,
            PredictionCached = predictionReused,
        };
    }

    /// <summary>
    /// Predict and score. A task that splits the two (<see cref="IPredictionTask"/>) keeps its prediction in the cache
    /// when the factorisation is kept there too (<see cref="PredictionArtifact"/>): jobs differing only in scoring keys
    /// predict once. Computed or read, the same prediction is scored, so the metrics do not depend on the cache.
    /// </summary>
    private static (IReadOnlyDictionary<string, double> Metrics, bool Reused) Score(
        IMirTask task, TaskInput input, NmfResult<double> factors, ITaskSettings settings, FeatureCache? cache, ArtifactKey? factorKey,
        CancellationToken cancellation)
    {
        if (task is not IPredictionTask predicting)
            return (task.Score(input, factors, settings, cancellation), false);
        TaskPrediction Predict() => predicting.Predict(input, factors, settings, cancellation);
        if (cache is null || factorKey is null)
            return (predicting.Evaluate(input, Predict(), settings, cancellation), false);

        TaskPrediction? computed = null;
        var packed = cache.GetOrComputeOnce(PredictionArtifact.Key(factorKey, task, settings.Section), () => (computed = Predict()).Pack(), cancellation);
        var (prediction, reused) = computed is not null
            ? (computed, false)
            : predicting.Unpack(packed, input, factors, settings) is { } stored ? (stored, true) : (Predict(), false);
        return (predicting.Evaluate(input, prediction, settings, cancellation), reused);
    }

    /// <summary>
    /// The factors from the cache, or computed and stored there: workers on the same key compute it once
    /// (<see cref="FeatureCache.GetOrComputeOnce"/>), the others wait and read it. A corrupt entry is deleted and
    /// recomputed by the cache; one this build cannot read back (another layout, a model it cannot store) is recomputed here.
    /// </summary>
    private static (NmfResult<double> Factors, bool Reused) Cached(
        FeatureCache cache, ArtifactKey key, Func<NmfResult<double>> compute, IBlas blas, CancellationToken cancellation)
    {
        NmfResult<double>? computed = null;
        var packed = cache.GetOrComputeOnce(key, () => FactorArtifact.Pack(computed = compute()), cancellation);
        if (computed is not null)
            return (computed, false);
        return FactorArtifact.Unpack(packed, blas.Name, blas.Threads) is { } stored ? (stored, true) : (compute(), false);
    }

    /// <summary>Rank-0 factors for a task that scores V itself: no iteration, no loss (final_loss is NaN, stored as NULL).</summary>
    private static NmfResult<double> NoFactors(TaskInput input, IBlas blas) => new(
        Matrix<double>.Build.Dense(input.V.RowCount, 0), Matrix<double>.Build.Dense(0, input.V.ColumnCount),
        Iterations: 0, Converged: true, Loss: double.NaN, LossHistory: [], Seconds: 0, blas.Name, blas.Threads);

    /// <summary>
    /// V ≈ W·H by the configured algorithm. With learned templates the rank is the dictionary's, its columns come
    /// first and stay fixed (all of W when it has no free components), and only the rest is learned on the track.
    /// </summary>
    private static NmfResult<double> Factorise(TaskInput input, NmfSettings nmf, IBlas blas, CancellationToken cancellation)
    {
        var extra = new InitialisationRequest { Rank = nmf.Options.Rank, Seed = nmf.Options.Seed, RowFrequencies = input.RowFrequencies };
        var options = nmf.Options;
        if (input.Templates is { } templates)
        {
            var known = Matrix<double>.Build.Dense(input.V.RowCount, templates.Rank);
            known.SetSubMatrix(0, 0, templates.W);
            options = options with
            {
                Rank = templates.Rank,
                FixW = templates.FreeComponents == 0,
                FixedTemplates = templates.FreeComponents == 0 ? [] : Enumerable.Range(0, templates.Count).ToArray(),
            };
            extra = extra with { Rank = templates.Rank, W0 = known };
        }
        return Factorization.Run(input.V, nmf.Solver, nmf.Initialisation, options, blas, extra, cancellation);
    }
}
