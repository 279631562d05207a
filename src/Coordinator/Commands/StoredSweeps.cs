using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Commands;

/// <summary>Reads what a sweep database holds by recovering its coordinator, with no workers.</summary>
internal static class StoredSweeps
{
    /// <param name="rebuildResults">Also rebuild the results table (read model) from the event log.</param>
    public static Task<LedgerSnapshot> Ledger(string database, bool rebuildResults = false) =>
        Ledger(GridPersistenceOptions.Sqlite(database), rebuildResults);

    /// <summary>
    /// The ledger recovered from <paramref name="log"/>: a SQLite file, or the PostgreSQL journal of a cluster that
    /// may be running meanwhile. The look writes nothing to the log: running jobs stay as they are (another process
    /// may be running them) and no lease is ever checked, so no event can be appended behind a live coordinator.
    /// </summary>
    public static async Task<LedgerSnapshot> Ledger(GridPersistenceOptions log, bool rebuildResults = false,
                                                    string? persistenceId = null)
    {
        var run = new RunSettings(0, "managed", 1, 1, TimeSpan.Zero, TimeSpan.Zero, "outputs", "outputs/cache",
                                  log.Provider == GridDatabaseProvider.Sqlite ? log.Database : GridPersistenceOptions.DefaultSqlitePath);
        var readOnly = new CoordinatorSettings { RequeueRunningOnRecovery = false, LeaseCheckInterval = TimeSpan.FromDays(1) };
        readOnly = readOnly with { PersistenceId = persistenceId ?? readOnly.PersistenceId };
        await using var grid = await EmbeddedGrid.Start(run, startWorkers: false, readOnly, log);
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
