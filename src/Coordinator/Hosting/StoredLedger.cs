using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// What a sweep database holds, read from its journal with no coordinator and no worker: every event the coordinator
/// stored, applied in order to a <see cref="SweepLedger"/>, as a coordinator's recovery would. Nothing is written to
/// the journal, so a SQLite file or the PostgreSQL journal of a cluster that is running meanwhile can be read.
/// </summary>
public static class StoredLedger
{
    /// <param name="rebuildResults">Also rebuild the results table (read model) from the journal.</param>
    public static async Task<LedgerSnapshot> Read(GridPersistenceOptions log, string persistenceId, bool rebuildResults = false)
    {
        var host = await GridHost.Start("nmfgrid", LogLevel.Warning, commandLifetime: true, builder => builder.WithGridPersistence(log));
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            await JournalReadiness.Wait(system, log.ToString());
            if (rebuildResults)
            {
                await ResultsProjector.Rebuild(system, ResultsStore.Open(log), persistenceId);
            }
            var ledger = new SweepLedger();
            await PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
                .CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
                .RunForeach(envelope => ledger.Apply((ISweepEvent)envelope.Event), system.Materializer());
            return ledger.ToSnapshot();
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
