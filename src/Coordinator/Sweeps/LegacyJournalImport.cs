using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// Migration from the single coordinator of earlier builds, once: it recovers that coordinator's journal (its persistence
/// id, snapshot and events, applied to a <see cref="SweepLedger"/> exactly as that coordinator recovered), hands each sweep
/// to its entity as the entity's first event (<see cref="ImportSweep"/>: unfinished sweeps go on from where they were,
/// finished ones stay readable), then stores <see cref="LegacyJournalImported"/> as its last event and as a snapshot, so
/// later starts read one small snapshot and stop. It runs inside the dispatcher (the embedded grid, or the cluster's
/// singleton): one writer of the old persistence id. A journal with no such events stops it at once.
/// </summary>
public sealed class LegacyJournalImport : ReceivePersistentActor
{
    private static readonly TimeSpan ImportPatience = TimeSpan.FromSeconds(60);

    private readonly IActorRef _entities;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SweepLedger _ledger = new();
    private bool _imported;

    public LegacyJournalImport(CoordinatorSettings settings, IActorRef entities)
    {
        _entities = entities;
        PersistenceId = settings.PersistenceId;

        Recover<SnapshotOffer>(offer =>
        {
            switch (offer.Snapshot)
            {
                case LegacyJournalImported:
                    _imported = true;
                    break;
                case LedgerSnapshot ledger:
                    _ledger = SweepLedger.FromSnapshot(ledger);
                    break;
            }
        });
        Recover<LegacyJournalImported>(_ => _imported = true);
        Recover<ISweepEvent>(e =>
        {
            if (!_imported) _ledger.Apply(e);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            if (_imported || _ledger.Sweeps.Count == 0)
            {
                Context.Stop(Self);
                return;
            }
            var sweeps = _ledger.Sweeps.Keys.Order(StringComparer.Ordinal).ToArray();
            _log.Info("Converting the single coordinator's journal ({0}) into {1} sweep entities", PersistenceId, sweeps.Length);
            Task.WhenAll(sweeps.Select(id => _entities.Ask<SweepAccepted>(new ImportSweep(id, _ledger.SnapshotOf(id)!), ImportPatience)))
                .PipeTo(Self, success: () => new LegacyJournalImported(sweeps), failure: e => new Status.Failure(e));
        });
        Command<LegacyJournalImported>(done => Persist(done, _ =>
        {
            SaveSnapshot(done);
            Context.Parent.Tell(done);
        }));
        Command<Status.Failure>(f =>
        {
            // Nothing is marked: the next start imports again (entities that have their sweep already ignore it).
            _log.Error(f.Cause, "Converting the single coordinator's journal failed; it is tried again at the next start");
            Context.Stop(Self);
        });
        Command<SaveSnapshotSuccess>(_ => Context.Stop(Self));
        Command<SaveSnapshotFailure>(_ => Context.Stop(Self));
    }

    public override string PersistenceId { get; }

    public static Props Props(CoordinatorSettings settings, IActorRef entities) =>
        Akka.Actor.Props.Create(() => new LegacyJournalImport(settings, entities));
}
