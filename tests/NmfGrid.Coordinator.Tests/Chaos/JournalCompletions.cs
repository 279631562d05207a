using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// How many times the journal records each job as completed: every stored event of every persistence id replayed
/// (so it holds for one coordinator's log as for one log per sweep), counting <see cref="JobCompleted"/>, alone or
/// inside a <see cref="JobsCompleted"/> batch. Writes nothing, so it can read the journal of a live cluster.
/// </summary>
internal static class JournalCompletions
{
    public static async Task<IReadOnlyDictionary<string, int>> Count(GridPersistenceOptions log)
    {
        var host = await GridHost.Start("nmfgrid", LogLevel.Warning, commandLifetime: true, builder => builder.WithGridPersistence(log));
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            await JournalReadiness.Wait(system, log.ToString());
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var ids = await journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), system.Materializer());
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            // Not Akka.Cluster.Sharding's own logs (its coordinator's, /system/sharding/…, and the remembered entities',
            // /sharding/…): no sweep events, and their serializer is not loaded here.
            foreach (var id in ids.Where(id => !id.StartsWith("/sharding/", StringComparison.Ordinal) && !id.StartsWith("/system/sharding/", StringComparison.Ordinal)))
            {
                await journal.CurrentEventsByPersistenceId(id, 0, long.MaxValue).RunForeach(envelope =>
                {
                    var completions = envelope.Event switch
                    {
                        JobsCompleted batch => batch.Completions,
                        JobCompleted one => [one],
                        _ => [],
                    };
                    foreach (var completion in completions) counts[completion.JobId] = counts.GetValueOrDefault(completion.JobId) + 1;
                }, system.Materializer());
            }
            return counts;
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
