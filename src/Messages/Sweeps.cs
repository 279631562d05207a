namespace NmfGrid.Messages;

/// <summary>
/// A planned sweep: its configuration points, every job it consists of (a point × a track), how hard to try each
/// one, and its share of the workers while other sweeps run (`run.share`: leases in a row per turn). Points is null
/// only in journals written before points existed; <see cref="WithPoints"/> fills it from their jobs.
/// </summary>
public sealed record SweepDefinition(
    string SweepId,
    string Name,
    string Task,
    string Dataset,
    IReadOnlyList<JobSpec> Jobs,
    int MaxAttempts,
    TimeSpan Lease,
    IReadOnlyList<PointSpec>? Points = null,
    int Share = 1) : IGridMessage
{
    /// <summary>The configuration point a job of this sweep runs; an unknown point is named.</summary>
    public PointSpec PointOf(JobSpec job) =>
        // Planned sweeps list their points in index order from 0, so the index finds it at once (dispatch asks per job).
        Points is { } points && job.PointIndex >= 0 && job.PointIndex < points.Count && points[job.PointIndex].Index == job.PointIndex
            ? points[job.PointIndex]
            : Points?.FirstOrDefault(p => p.Index == job.PointIndex)
              ?? throw new InvalidOperationException($"sweep {SweepId} has no configuration point {job.PointIndex} (job {job.JobId})");

    /// <summary>The resolved config of the sweep's first job, whose `run:` and `report:` sections the whole sweep follows.</summary>
    public string FirstConfigJson()
    {
        var sweep = WithPoints();
        return sweep.Jobs.Count == 0 ? "{}" : sweep.PointOf(sweep.Jobs[0]).ConfigJson;
    }

    /// <summary>
    /// This sweep with its points, and jobs that refer to them: a sweep from a journal written before points existed
    /// has each job's config on the job, which becomes its point's (a point's jobs share one config). Other sweeps are
    /// returned as they are.
    /// </summary>
    public SweepDefinition WithPoints()
    {
        if (Points is not null && Jobs.All(j => j.ConfigJson is null)) return this;
        var points = (Points ?? []).ToDictionary(p => p.Index);
        foreach (var job in Jobs.Where(j => j.ConfigJson is not null))
            points.TryAdd(job.PointIndex, new PointSpec(SweepId, job.PointIndex, job.PointLabel, job.ConfigJson!));
        return this with
        {
            Points = points.Values.OrderBy(p => p.Index).ToArray(),
            Jobs = Jobs.Select(j => j.ConfigJson is null ? j : j with { ConfigJson = null }).ToArray(),
        };
    }
}

/// <summary>Client → coordinator: run this sweep (idempotent: a sweep id already known is continued, not restarted).</summary>
public sealed record SubmitSweep(SweepDefinition Sweep) : IGridMessage;

/// <summary>Coordinator → client: the sweep is known; AlreadyDone jobs were finished by an earlier run and are reused.</summary>
public sealed record SweepAccepted(string SweepId, int Jobs, int AlreadyDone) : IGridMessage;

/// <summary>
/// Client → coordinator: how far is this sweep, and, for each of <paramref name="Metrics"/> (its tasks' headline metrics),
/// the mean over the jobs that succeeded so far?
/// </summary>
public sealed record GetSweepProgress(string SweepId, IReadOnlyList<string>? Metrics = null) : IGridMessage;

/// <summary>
/// Counts of jobs by state, the rate each worker host achieves and, when asked for, the running mean of metrics over
/// the jobs that succeeded and report them (null when none was asked for; a metric no job reports yet is absent).
/// </summary>
public sealed record SweepProgress(
    string SweepId,
    int Total,
    int Succeeded,
    int Failed,
    int Running,
    int Pending,
    IReadOnlyDictionary<string, int> SucceededPerHost,
    IReadOnlyDictionary<string, double>? Means = null) : IGridMessage
{
    public bool Finished => Succeeded + Failed == Total;
}

/// <summary>Coordinator → client: no sweep with this id was ever submitted to this coordinator's journal.</summary>
public sealed record SweepNotFound(string SweepId) : IGridMessage;
