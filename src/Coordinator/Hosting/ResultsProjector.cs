using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Keeps the results read model up to date: a stream reads the coordinator's events from the journal
/// (Akka.Persistence.Query, EventsByPersistenceId), turns them into rows with <see cref="ResultsProjection"/>
/// and writes them in batches with <see cref="ResultsStore"/>. It runs beside the coordinator, never in its
/// path: a slow or locked results database delays the table, not the sweep. On start it replays the log
/// from the beginning, so it needs no offset of its own; the replay writes only each row's last state, so a
/// table already up to date (left by the previous run, or by the coordinator member this one takes over from)
/// never shows a finished job as running again while it replays.
/// </summary>
public sealed class ResultsProjector
{
    private const int BatchSize = 256;
    private const int ReplayChunk = 1024;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);

    private readonly ActorSystem _system;
    private readonly ResultsStore _store;
    private readonly CoordinatorSettings _grid;
    private readonly ResultsProjection _projection = new();
    private readonly ILoggingAdapter _log;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _completion;
    private UniqueKillSwitch? _killSwitch;
    private bool _stopped;
    private long _applied;

    private ResultsProjector(ActorSystem system, ResultsStore store, string persistenceId)
    {
        _system = system;
        _store = store;
        _grid = new CoordinatorSettings { PersistenceId = persistenceId };
        _log = system.Log;
        _completion = Task.Run(Follow);
    }

    /// <summary>Journal ordering (offset) of the last sweep entity event turned into rows.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>The live stream fails if the results database stays locked past its busy timeout; this says so.</summary>
    public Task Completion => _completion;

    public static ResultsProjector Start(ActorSystem system, ResultsStore store, string persistenceId) => new(system, store, persistenceId);

    /// <summary>Replays what the journal holds now (last states only), then follows the log live from there.</summary>
    private async Task Follow()
    {
        await JournalReadiness.Wait(_system, $"beside {_store.Where}");
        await Replay(Journal(_system), _grid, 0, Apply, rows => Logged(() => _store.Upsert(rows)), _system, _abort.Token);
        Task live;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            (_killSwitch, live) = Journal(_system).EventsByTag(_grid.SweepEventTag, Offset.Sequence(Applied))
                .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
                .Select(Apply)
                .GroupedWithin(BatchSize, BatchWindow)
                .ToMaterialized(Sink.ForEach<IEnumerable<IReadOnlyList<ResultRow>>>(batch => Logged(() => Write(_store, batch))), Keep.Both)
                .Run(_system.Materializer());
        }
        await live;
    }

    private void Logged(Action write)
    {
        try
        {
            write();
        }
        catch (GridDatabaseException e)
        {
            _log.Error(e, "The results table is not updated: {0} It is rebuilt from the event log by `nmfgrid report`.", e.Message);
            throw;
        }
    }

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
        StopFollowing();
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
        var catchUp = Replay(Journal(_system), _grid, Applied, Apply, _store.Upsert, _system, _abort.Token);
        await Task.WhenAny(catchUp, _system.WhenTerminated);
    }

    /// <summary>
    /// <see cref="StopAsync()"/>, but if replaying and catching up take longer than <paramref name="patience"/>, it is
    /// abandoned (<see cref="Abort"/>): when this returns, this projector writes nothing more, either way.
    /// </summary>
    public async Task StopAsync(TimeSpan patience)
    {
        var stop = StopAsync();
        if (await Task.WhenAny(stop, Task.Delay(patience)) != stop)
        {
            Abort();
        }
        try
        {
            await stop; // after an abort, at most the transaction under way
        }
        catch (Exception)
        {
            // an aborted replay, or a write failure that was logged
        }
    }

    /// <summary>Stops following the log, and any replay under way, with no last catch-up (the next start replays the log).</summary>
    public void Abort()
    {
        _abort.Cancel();
        StopFollowing();
    }

    private void StopFollowing()
    {
        lock (_gate)
        {
            _stopped = true;
            _killSwitch?.Shutdown();
        }
    }

    /// <summary>Empties the table and rebuilds it from the whole event log.</summary>
    public static async Task Rebuild(ActorSystem system, ResultsStore store, string persistenceId)
    {
        await JournalReadiness.Wait(system, $"beside {store.Where}");
        store.Clear();
        var projection = new ResultsProjection();
        await Replay(Journal(system), new CoordinatorSettings { PersistenceId = persistenceId }, 0,
                     e => e.Event is ISweepEvent sweepEvent ? projection.Apply(sweepEvent) : [], store.Upsert, system, CancellationToken.None);
    }

    private IReadOnlyList<ResultRow> Apply(EventEnvelope envelope)
    {
        var rows = envelope.Event is ISweepEvent e ? _projection.Apply(e) : [];
        if (envelope.Offset is Sequence offset)
        {
            Interlocked.Exchange(ref _applied, offset.Value);
        }
        return rows;
    }

    /// <summary>A batch may change one row several times (leased, then completed): only its last state is written.</summary>
    private static void Write(ResultsStore store, IEnumerable<IReadOnlyList<ResultRow>> batch) =>
        store.Upsert(batch.SelectMany(rows => rows).GroupBy(r => (r.SweepId, r.JobId)).Select(g => g.Last()).ToArray());

    /// <summary>
    /// Applies the sweep entities' events the journal holds now after offset <paramref name="after"/> (from the start: first
    /// the single coordinator's journal of earlier builds, whose sweeps the entities' imports then overwrite), then writes
    /// each changed row once, in its last state, in chunks (one transaction each).
    /// </summary>
    private static async Task Replay(SqlReadJournal journal, CoordinatorSettings grid, long after, Func<EventEnvelope, IReadOnlyList<ResultRow>> apply,
                                     Action<IReadOnlyCollection<ResultRow>> upsert, ActorSystem system, CancellationToken abort)
    {
        var last = new Dictionary<(string SweepId, string JobId), ResultRow>();
        void Collect(EventEnvelope envelope)
        {
            abort.ThrowIfCancellationRequested();
            foreach (var row in apply(envelope))
            {
                last[(row.SweepId, row.JobId)] = row;
            }
        }
        if (after == 0)
        {
            await journal.CurrentEventsByPersistenceId(grid.PersistenceId, 0, long.MaxValue).RunForeach(Collect, system.Materializer());
        }
        await journal.CurrentEventsByTag(grid.SweepEventTag, Offset.Sequence(after)).RunForeach(Collect, system.Materializer());
        foreach (var chunk in last.Values.Chunk(ReplayChunk))
        {
            abort.ThrowIfCancellationRequested();
            upsert(chunk);
        }
    }

    private static SqlReadJournal Journal(ActorSystem system) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
}
