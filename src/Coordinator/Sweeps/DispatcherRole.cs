namespace NmfGrid.Coordinator.Sweeps;

/// <summary>What one <see cref="SweepCoordinator"/> serves (docs/ARCHITECTURE.md, "Dispatch across sweeps").</summary>
public enum DispatcherRole
{
    /// <summary>The embedded grid: clients, the migration of an old journal, and every worker; entities under a local parent.</summary>
    Whole,

    /// <summary>
    /// Cluster mode, the singleton: clients (submit, progress, results, actions, status) and the migration of an old
    /// journal. `status` lists the workers every coordinator member's dispatcher serves.
    /// </summary>
    Front,

    /// <summary>
    /// Cluster mode, one on every coordinator member (/user/sweep-dispatcher): the workers the nodes route to this member
    /// (<c>WorkerDispatchGroup</c>), their requests, reports, heartbeats and releases; no migration.
    /// </summary>
    Workers,
}
