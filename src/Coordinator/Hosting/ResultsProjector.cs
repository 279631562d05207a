using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Keeps the results read model up to date: a stream reads the coordinator's events from the journal
/// (Akka.Persistence.Query, EventsByPersistenceId), turns them into rows with <see cref="ResultsProjection"/>
/// and writes them in batches with <see cref="ResultsStore"/>. It runs beside the coordinator, never in its
/// path: a slow or locked results database delays the table, not the sweep. On start it replays the log
/// from the beginning (upserts make that harmless), so it needs no offset of its own.
/// </summary>
public sealed class ResultsProjector
{
    private const int BatchSize = 256;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);

    private readonly ActorSystem _system;
    private readonly ResultsStore _store;
    private readonly string _persistenceId;
    private readonly ResultsProjection _projection = new();
    private readonly UniqueKillSwitch _killSwitch;
    private readonly Task _completion;
    private long _applied;

    private ResultsProjector(ActorSystem system, ResultsStore store, string persistenceId)
    {
        _system = system;
        _store = store;
        _persistenceId = persistenceId;
        var journal = Journal(system);
        var log = system.Log;
        (_killSwitch, _completion) = journal.EventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .Select(Apply)
            .GroupedWithin(BatchSize, BatchWindow)
            .ToMaterialized(Sink.ForEach<IEnumerable<IReadOnlyList<ResultRow>>>(batch =>
            {
                try
                {
                    Write(batch);
                }
                catch (GridDatabaseException e)
                {
                    log.Error(e, "The results table is not updated: {0} It is rebuilt from the event log by `nmfgrid report`.", e.Message);
                    throw;
                }
            }), Keep.Both)
            .Run(system.Materializer());
    }

    /// <summary>Sequence number of the last event turned into rows.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>The live stream fails if the results database stays locked past its busy timeout; this says so.</summary>
    public Task Completion => _completion;

    public static ResultsProjector Start(ActorSystem system, ResultsStore store, string persistenceId) => new(system, store, persistenceId);

    /// <summary>
    /// Stops following the log, then catches up with what the journal holds now, so the table is complete
    /// when the grid stops (the live query polls, and could be a refresh interval behind).
    /// </summary>
    public async Task StopAsync()
    {
        // A signal may already have taken the actor system down (its streams then never complete): the table is
        // caught up by the next run or `nmfgrid report`, which replay the log.
        if (_system.WhenTerminated.IsCompleted)
        {
            return;
        }
        _killSwitch.Shutdown();
        try
        {
            if (await Task.WhenAny(_completion, _system.WhenTerminated) != _completion)
            {
                return;
            }
            await _completion;
        }
        catch (Exception)
        {
            return; // already logged; `nmfgrid report` rebuilds the table
        }
        var catchUp = CatchUp(Journal(_system), _persistenceId, Applied + 1, Apply, Write, _system);
        await Task.WhenAny(catchUp, _system.WhenTerminated);
    }

    /// <summary>Stops following the log without a last catch-up (the actor system is going down; the next start replays the log).</summary>
    public void Cancel() => _killSwitch.Shutdown();

    /// <summary>Empties the table and rebuilds it from the whole event log.</summary>
    public static async Task Rebuild(ActorSystem system, ResultsStore store, string persistenceId)
    {
        store.Clear();
        var projection = new ResultsProjection();
        await CatchUp(Journal(system), persistenceId, 0, e => projection.Apply((ISweepEvent)e.Event), rows => Write(store, rows), system);
    }

    private IReadOnlyList<ResultRow> Apply(EventEnvelope envelope)
    {
        var rows = _projection.Apply((ISweepEvent)envelope.Event);
        Interlocked.Exchange(ref _applied, envelope.SequenceNr);
        return rows;
    }

    private void Write(IEnumerable<IReadOnlyList<ResultRow>> batch) => Write(_store, batch);

    /// <summary>A batch may change one row several times (leased, then completed): only its last state is written.</summary>
    private static void Write(ResultsStore store, IEnumerable<IReadOnlyList<ResultRow>> batch) =>
        store.Upsert(batch.SelectMany(rows => rows).GroupBy(r => (r.SweepId, r.JobId)).Select(g => g.Last()).ToArray());

    private static Task CatchUp(SqlReadJournal journal, string persistenceId, long from, Func<EventEnvelope, IReadOnlyList<ResultRow>> apply,
                                Action<IEnumerable<IReadOnlyList<ResultRow>>> write, ActorSystem system) =>
        journal.CurrentEventsByPersistenceId(persistenceId, from, long.MaxValue)
            .Select(apply)
            .Grouped(BatchSize * 4)
            .RunForeach(write, system.Materializer());

    private static SqlReadJournal Journal(ActorSystem system) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
}
