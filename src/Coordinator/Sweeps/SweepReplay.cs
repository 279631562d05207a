using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// A sweep's whole history, read back from its own events when someone asks for it (results, its ledger for a report or
/// for reuse by another sweep): the entity keeps no finished job's result in memory (<see cref="SweepState"/>). A
/// read-only recovery under the entity's persistence id, from its first event and ignoring snapshots, applied to a
/// <see cref="SweepLedger"/>; it answers its parent with the sweep's <see cref="LedgerSnapshot"/>, which then stops it. It never
/// writes, so it can run beside the entity that owns the stream.
/// </summary>
public sealed class SweepReplay : ReceivePersistentActor
{
    private readonly SweepLedger _ledger = new();

    public SweepReplay(string persistenceId, string sweepId)
    {
        PersistenceId = persistenceId;
        Recover<ISweepEvent>(e => _ledger.Apply(e));
        // A journal that keeps the tags with the event (Akka's in-memory one) gives it back wrapped.
        Recover<Tagged>(t =>
        {
            if (t.Payload is ISweepEvent e) _ledger.Apply(e);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            Context.Parent.Tell(new Replayed(LastSequenceNr, _ledger.SnapshotOf(sweepId))); // the parent stops it
        });
    }

    public override string PersistenceId { get; }

    // Every event from the first: a snapshot holds no results.
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    public static Props Props(string persistenceId, string sweepId) =>
        Akka.Actor.Props.Create(() => new SweepReplay(persistenceId, sweepId));

    /// <summary>The sweep's ledger up to sequence number SequenceNr; null when its log holds no submission.</summary>
    public sealed record Replayed(long SequenceNr, LedgerSnapshot? Ledger) : INoSerializationVerificationNeeded;
}
