using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// Every sweep this grid's journal holds: the persistence ids of sweep entities that stored an event
/// (<see cref="CoordinatorSettings.SweepPersistencePrefix"/>). The dispatcher keeps no directory of its own, so what
/// `nmfgrid status` lists survives any restart or hand-over of the dispatcher; an id that was only asked about stored
/// nothing and is not listed.
/// </summary>
public static class JournaledSweeps
{
    public static async Task<IReadOnlyList<string>> Read(ActorSystem system, CoordinatorSettings settings)
    {
        var prefix = settings.SweepPersistencePrefix;
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var ids = await journal.CurrentPersistenceIds()
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal) && id != settings.PersistenceId) // not the single coordinator of earlier builds
            .Select(id => id[prefix.Length..])
            .RunWith(Sink.Seq<string>(), system.Materializer());
        return ids.Order(StringComparer.Ordinal).ToArray();
    }
}
