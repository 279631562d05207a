namespace NmfGrid.Messages;

/// <summary>
/// A sweep entity's snapshot, bounded by its open work rather than its history: the sweep's definition without its jobs
/// and points (Sweep.Jobs and Sweep.Points are empty), its points deflated (PackedPoints), the jobs themselves packed once (PackedJobs: ids, points and tracks, a few bytes a job, however
/// far the sweep is), which of them succeeded (a bitset by job index), the jobs not succeeded that differ from a fresh
/// pending job (Open: attempts, leases, errors), and the running sums that progress reports. Finished jobs' results are
/// not here: they stay in the sweep's events and the results table. Replaces <see cref="LedgerSnapshot"/> for entities
/// (which still read one written by earlier builds).
/// </summary>
public sealed record SweepStateSnapshot(
    SweepDefinition Sweep,
    byte[] PackedPoints,
    byte[] PackedJobs,
    byte[] Succeeded,
    IReadOnlyList<OpenJobState> Open,
    IReadOnlyDictionary<string, int> SucceededPerHost,
    IReadOnlyDictionary<string, MetricSum> MetricSums) : IGridMessage;

/// <summary>
/// One job of a <see cref="SweepStateSnapshot"/> that is not succeeded and not a fresh pending job: its index in the
/// sweep, its state's name (Pending, Running, Failed), attempts made and left, its lease while running, its last error.
/// </summary>
public sealed record OpenJobState(
    int Index,
    string Status,
    int Attempt,
    int AttemptsLeft,
    string? WorkerId,
    string? Host,
    DateTimeOffset? Deadline,
    string? Error);

/// <summary>The sum of one metric over a sweep's succeeded jobs that report it finite, and how many do.</summary>
public sealed record MetricSum(double Sum, int Count);
