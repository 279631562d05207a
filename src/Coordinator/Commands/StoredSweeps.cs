using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Commands;

/// <summary>Reads what a sweep database holds by recovering its coordinator, with no workers.</summary>
internal static class StoredSweeps
{
    /// <param name="rebuildResults">Also rebuild the results table (read model) from the event log.</param>
    public static async Task<LedgerSnapshot> Ledger(string database, bool rebuildResults = false)
    {
        var run = new RunSettings(0, Compute.LinearAlgebra.BlasBackend.Managed, 1, 1, TimeSpan.Zero, TimeSpan.Zero, "outputs", "outputs/cache", database);
        // Read-only look: leave running jobs as they are (another process may be running them).
        await using var grid = await EmbeddedGrid.Start(run, startWorkers: false, new CoordinatorSettings { RequeueRunningOnRecovery = false });
        if (rebuildResults)
        {
            await grid.RebuildResults();
        }
        return await grid.Ledger();
    }

    public static async Task<SweepDefinition?> Find(string database, string sweepId)
    {
        var ledger = await Ledger(database);
        return ledger.Sweeps.FirstOrDefault(s => s.SweepId == sweepId)
               ?? ledger.Sweeps.SingleOrDefault(s => s.SweepId.StartsWith(sweepId, StringComparison.Ordinal));
    }
}
