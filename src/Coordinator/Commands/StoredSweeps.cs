using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Commands;

/// <summary>Reads what a sweep database holds from its journal (<see cref="StoredLedger"/>), with no grid running.</summary>
internal static class StoredSweeps
{
    /// <param name="rebuildResults">Also rebuild the results table (read model) from the event log.</param>
    public static Task<LedgerSnapshot> Ledger(string database, bool rebuildResults = false) =>
        Ledger(GridPersistenceOptions.Sqlite(database), rebuildResults);

    /// <summary>
    /// The ledger read from <paramref name="log"/>: a SQLite file, or the PostgreSQL journal of a cluster that may be
    /// running meanwhile. The look writes nothing to the log, so no event can be appended behind a live coordinator.
    /// </summary>
    public static Task<LedgerSnapshot> Ledger(GridPersistenceOptions log, bool rebuildResults = false, string? persistenceId = null) =>
        StoredLedger.Read(log, persistenceId ?? new CoordinatorSettings().PersistenceId, rebuildResults);

    public static async Task<SweepDefinition?> Find(string database, string sweepId)
    {
        var ledger = await Ledger(database);
        return ledger.Sweeps.FirstOrDefault(s => s.SweepId == sweepId)
               ?? ledger.Sweeps.SingleOrDefault(s => s.SweepId.StartsWith(sweepId, StringComparison.Ordinal));
    }
}
