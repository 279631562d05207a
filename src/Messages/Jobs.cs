namespace NmfGrid.Messages;

/// <summary>
/// One unit of work: one sweep configuration on one track. Id is a hash of the resolved config and the track id,
/// so the same job gets the same id in every run; Seed is derived from it, so a re-run is bit-identical. The config
/// itself is its point's (<see cref="PointSpec"/>, found by SweepId and PointIndex), held once per point, not per job.
/// ConfigJson is null in every sweep planned since; journals written before points existed carry each job's config
/// there, and the coordinator moves it into the sweep's points when it reads them (<c>SweepDefinition.WithPoints</c>).
/// </summary>
public sealed record JobSpec(
    string JobId,
    string SweepId,
    int PointIndex,
    string PointLabel,
    string Dataset,
    string TrackId,
    int Seed,
    string? ConfigJson = null) : IGridMessage;

/// <summary>
/// One configuration point of a sweep: its resolved config as canonical JSON, written once for all of its jobs, which
/// name it by (SweepId, Index). A worker parses it once (the typed settings of every stage) and runs each job with it.
/// </summary>
public sealed record PointSpec(string SweepId, int Index, string Label, string ConfigJson) : IGridMessage;

/// <summary>Seconds spent in each stage of the per-track pipeline.</summary>
public sealed record StageTimings(double Load, double Features, double Nmf, double Task, double Total) : IGridMessage;

/// <summary>
/// What a worker reports for a finished job: flat metric names ("sdr.vocals", "f1") to values, how the NMF went,
/// and where it ran. Factors is a downsampled W and H for the report's plots, attached only to the first track
/// of each configuration (null otherwise, and in results written before it existed).
/// </summary>
public sealed record JobResult(
    IReadOnlyDictionary<string, double> Metrics,
    StageTimings Timings,
    int Iterations,
    double FinalLoss,
    IReadOnlyList<double> LossHistory,
    string Backend,
    int BlasThreads,
    string Host,
    string WorkerId,
    FactorPreview? Factors = null) : IGridMessage;

/// <summary>W (Rows×Rank) and H (Rank×Columns), column-major, averaged down from the track's factors for plotting.</summary>
public sealed record FactorPreview(int Rows, int Rank, int Columns, IReadOnlyList<float> W, IReadOnlyList<float> H) : IGridMessage;
