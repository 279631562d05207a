using Akka.Actor;
using Akka.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>
/// Test-only persistent actor: persists whatever grid events it is told to, saves a snapshot on request, and
/// reports what it recovered. Nothing here but Akka.Persistence, so the tests exercise the plugin setup.
/// </summary>
public sealed class EventLog : ReceivePersistentActor
{
    public sealed record Append(IGridMessage Event);
    public sealed record Appended(long SequenceNr);
    public sealed record Snapshot(IGridMessage State);
    public sealed record SnapshotSaved(long SequenceNr);
    public sealed record GetRecovered
    {
        public static readonly GetRecovered Instance = new();
    }
    public sealed record Recovered(IGridMessage? SnapshotState, IReadOnlyList<IGridMessage> Events);
    public sealed record Failed(string Error);

    private readonly List<IGridMessage> _events = [];
    private IGridMessage? _snapshotState;
    private IActorRef? _snapshotRequester;

    public EventLog(string persistenceId)
    {
        PersistenceId = persistenceId;

        Recover<SnapshotOffer>(offer => _snapshotState = (IGridMessage)offer.Snapshot);
        Recover<IGridMessage>(_events.Add);

        Command<Append>(append => Persist(append.Event, persisted =>
        {
            _events.Add(persisted);
            Sender.Tell(new Appended(LastSequenceNr));
        }));
        Command<Snapshot>(snapshot =>
        {
            _snapshotRequester = Sender;
            SaveSnapshot(snapshot.State);
        });
        Command<SaveSnapshotSuccess>(success => _snapshotRequester?.Tell(new SnapshotSaved(success.Metadata.SequenceNr)));
        Command<SaveSnapshotFailure>(failure => _snapshotRequester?.Tell(new Failed(failure.Cause.ToString())));
        Command<GetRecovered>(_ => Sender.Tell(new Recovered(_snapshotState, _events.ToList())));
    }

    public override string PersistenceId { get; }

    /// <summary>Tell the asker why, then stop as Akka does after a failed persist.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Sender.Tell(new Failed(cause.ToString()));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new EventLog(persistenceId));
}
