using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// The embedded grid's home of the sweep entities: what Akka.Cluster.Sharding does on a cluster, in one process and
/// without a cluster provider (cheap to start). It routes by the same <see cref="SweepMessageExtractor"/>, starts an
/// entity on its first message, honours <see cref="Passivate"/> (messages that arrive meanwhile wait and start the
/// entity again), and remembers the sweeps with open work (submitted, or announcing pending or running jobs, until they
/// announce none) in its own small event log, as sharding's event-sourced remember-entities store does: after a crash
/// it starts them again, so `nmfgrid resume` continues an unfinished sweep with no message to it, and a grid that ran
/// many sweeps starts only its unfinished ones.
/// </summary>
public sealed class SweepEntities : ReceivePersistentActor, IWithTimers
{
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _dispatcher;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _remembered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = new();
    // Entities asked to passivate, with the messages that came for them since.
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _passivating = new(StringComparer.Ordinal);
    private int _changesSinceSnapshot;
    // Every sweep ever remembered here, and every one routed to in this incarnation: what GetLedger covers.
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public SweepEntities(CoordinatorSettings settings, IActorRef dispatcher)
    {
        _settings = settings;
        _dispatcher = dispatcher;
        PersistenceId = settings.RememberedSweepsId;

        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (RememberedSweeps)offer.Snapshot;
            _remembered.UnionWith(snapshot.SweepIds);
            _seen.UnionWith(snapshot.Known);
        });
        Recover<SweepEntityStarted>(e =>
        {
            _remembered.Add(e.SweepId);
            _seen.Add(e.SweepId);
        });
        Recover<SweepEntityStopped>(e => _remembered.Remove(e.SweepId));
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var id in _remembered.Order(StringComparer.Ordinal))
            {
                Start(id);
            }
        });

        Command<Passivate>(p =>
        {
            if (_ids.TryGetValue(Sender, out var id) && !_passivating.ContainsKey(id))
            {
                _passivating[id] = [];
                Sender.Tell(p.StopMessage);
            }
        });
        Command<Terminated>(t => OnStopped(t.ActorRef));
        Command<SweepOpenWork>(open =>
        {
            // A sweep with nothing open is not started again after a crash (it would only recover and passivate).
            if (open.Pending + open.Running > 0) Remember(open.SweepId);
            else Forget(open.SweepId);
            _dispatcher.Forward(open);
        });
        Command<Restart>(r =>
        {
            if (_remembered.Contains(r.SweepId) && !_passivating.ContainsKey(r.SweepId)) Start(r.SweepId);
        });
        Command<AwaitStored>(q =>
        {
            var sender = Sender;
            Task.WhenAll(_entities.Values.Select(e => e.Ask<AwaitStored>(q, TimeSpan.FromSeconds(10))))
                .PipeTo(sender, success: () => q, failure: _ => q);
        });
        Command<GetLedger>(_ => SweepCoordinator.Ledger(_seen.Order(StringComparer.Ordinal), Self).PipeTo(Sender));
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
        CommandAny(Route);
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Starts a remembered entity that stopped without passivating.</summary>
    private sealed record Restart(string SweepId);

    public static Props Props(CoordinatorSettings settings, IActorRef dispatcher) =>
        Akka.Actor.Props.Create(() => new SweepEntities(settings, dispatcher));

    private void Route(object message)
    {
        if (SweepMessageExtractor.SweepIdOf(message) is not { } id)
        {
            Unhandled(message);
            return;
        }
        if (_passivating.TryGetValue(id, out var waiting))
        {
            waiting.Add((message, Sender));
            return;
        }
        if (message is SubmitSweep or ImportSweep)
        {
            Remember(id);
        }
        Start(id).Forward(message);
    }

    private IActorRef Start(string id)
    {
        _seen.Add(id);
        if (!_entities.TryGetValue(id, out var entity))
        {
            // The entities announce their open work through this parent, which remembers exactly the sweeps with some.
            entity = Context.Watch(Context.ActorOf(SweepEntity.Props(id, _settings, Self), Uri.EscapeDataString(id)));
            _entities[id] = entity;
            _ids[entity] = id;
        }
        return entity;
    }

    private void Remember(string id)
    {
        if (_remembered.Add(id))
        {
            PersistAsync(new SweepEntityStarted(id), _ => Compact());
        }
    }

    private void Forget(string id)
    {
        if (_remembered.Remove(id))
        {
            PersistAsync(new SweepEntityStopped(id), _ => Compact());
        }
    }

    private void OnStopped(IActorRef entity)
    {
        if (!_ids.Remove(entity, out var id))
        {
            return;
        }
        _entities.Remove(id);
        if (_passivating.Remove(id, out var waiting))
        {
            if (waiting.Count > 0)
            {
                var restarted = Start(id);
                foreach (var (message, sender) in waiting)
                {
                    restarted.Tell(message, sender);
                }
            }
            else
            {
                Forget(id);
            }
        }
        else if (_remembered.Contains(id))
        {
            // Stopped without passivating (its journal failed a write): started again once the journal may be back.
            _log.Warning("Sweep entity {0} stopped; starting it again", id);
            Timers.StartSingleTimer(id, new Restart(id), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The remembered set is small (unfinished sweeps), so a snapshot every hundred changes keeps its log short.</summary>
    private void Compact()
    {
        if (++_changesSinceSnapshot >= 100)
        {
            _changesSinceSnapshot = 0;
            SaveSnapshot(new RememberedSweeps(_remembered.Order(StringComparer.Ordinal).ToArray(), _seen.Order(StringComparer.Ordinal).ToArray()));
        }
    }
}
