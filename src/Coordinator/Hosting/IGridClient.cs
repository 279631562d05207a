using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>What `nmfgrid run` needs from a grid, embedded in the process or a cluster reached over the network.</summary>
public interface IGridClient
{
    Task<SweepAccepted> Submit(SweepDefinition sweep);

    /// <summary>The sweep's progress, or null when the coordinator has never seen it.</summary>
    Task<SweepProgress?> Progress(string sweepId, CancellationToken cancellation = default) => Progress(sweepId, null, cancellation);

    /// <summary>The sweep's progress with the running mean of each of <paramref name="metrics"/>, or null when the coordinator has never seen it.</summary>
    Task<SweepProgress?> Progress(string sweepId, IReadOnlyList<string>? metrics, CancellationToken cancellation = default);

    /// <summary>
    /// Cancels the sweep: its pending and running jobs fail with <paramref name="reason"/> (a result that still arrives
    /// is kept). Null when the coordinator has never seen the sweep.
    /// </summary>
    Task<SweepActionDone?> Cancel(string sweepId, string reason, CancellationToken cancellation = default);

    /// <summary>Puts the sweep's failed jobs back in the queue with their attempts restored. Null when the coordinator has never seen the sweep.</summary>
    Task<SweepActionDone?> RetryFailed(string sweepId, CancellationToken cancellation = default);

    /// <summary>The sweep and every one of its jobs, as the report needs them.</summary>
    Task<LedgerSnapshot> Results(SweepDefinition sweep);

    /// <summary>
    /// How often <see cref="SweepSession"/> asks for progress: also how late, at most, it sees the sweep end. A
    /// cluster's coordinator is a network round trip away.
    /// </summary>
    TimeSpan ProgressPoll => TimeSpan.FromMilliseconds(200);
}
