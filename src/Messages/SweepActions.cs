namespace NmfGrid.Messages;

/// <summary>
/// Client → coordinator: stop this sweep. Its pending jobs fail as cancelled and its running ones are let go (a result
/// that still arrives is kept). Submitting the sweep again, or <see cref="RetryFailedJobs"/>, runs them after all.
/// </summary>
public sealed record CancelSweep(string SweepId, string Reason) : IGridMessage;

/// <summary>Client → coordinator: run every failed job of this sweep again, with its attempts restored.</summary>
public sealed record RetryFailedJobs(string SweepId) : IGridMessage;

/// <summary>Coordinator → client: the action was stored; <paramref name="Jobs"/> is how many jobs it changed (0: nothing to do).</summary>
public sealed record SweepActionDone(string SweepId, string Action, int Jobs) : IGridMessage;
