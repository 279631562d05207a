namespace NmfGrid.Tasks.Pipeline;

/// <summary>Seconds spent in each stage of one track's pipeline.</summary>
public sealed record PipelineTimings(double Prepare, double Nmf, double Score, double Total);

/// <summary>
/// What one track's pipeline produced: its scores, how the NMF went, and on which BLAS; Factors only when the
/// caller asked for a picture of W and H.
/// </summary>
public sealed record TrackOutcome(
    IReadOnlyDictionary<string, double> Metrics,
    PipelineTimings Timings,
    int Iterations,
    double FinalLoss,
    IReadOnlyList<double> LossHistory,
    string Backend,
    int BlasThreads,
    DownsampledFactors? Factors = null)
{
    /// <summary>The factors were read from the cache (another job with the same model computed them): Timings.Nmf is then the read.</summary>
    public bool FactorsCached { get; init; }

    /// <summary>The prediction was read from the cache (another job with the same factors and prediction keys made it): scoring only.</summary>
    public bool PredictionCached { get; init; }
}
