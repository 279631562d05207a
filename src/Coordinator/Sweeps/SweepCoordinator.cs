using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// The event-sourced sweep coordinator. It only coordinates: every decision is made by <see cref="SweepLedger"/>,
/// and this actor persists what the ledger decided, tells the workers, and watches them.
/// <para>
/// Events are applied to the ledger at once and persisted asynchronously, and an acknowledgement leaves only
/// once its event is stored: the journal can batch writes, and a crash before a write loses only a message
/// that nobody acted on. Assignments are the exception: they leave at once (see <see cref="Dispatch"/>).
/// Workers pull; a request that finds no work waits here until work appears.
/// </para>
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    private readonly CoordinatorSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SweepLedger _ledger = new();
    private readonly Dictionary<IActorRef, RegisterWorker> _workers = new();
    // Free slots each worker last reported, in the order they asked.
    private readonly OrderedDictionary<IActorRef, int> _wanted = new();
    private long _eventsSinceSnapshot;

    public SweepCoordinator(CoordinatorSettings settings)
    {
        _settings = settings;
        PersistenceId = settings.PersistenceId;

        Recover<SnapshotOffer>(offer => _ledger = SweepLedger.FromSnapshot((LedgerSnapshot)offer.Snapshot));
        Recover<ISweepEvent>(e => _ledger.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _ledger.RearmLeases(Now);
            if (settings.RequeueRunningOnRecovery)
            {
                Record(_ledger.Running.Select(e => (ISweepEvent)new JobRequeued(e.Spec.JobId, e.Attempt, "the process running it stopped")).ToArray());
            }
            Timers.StartPeriodicTimer("leases", CheckLeases.Instance, settings.LeaseCheckInterval);
            _log.Info("Sweep coordinator recovered {0} sweeps, {1} jobs ({2} in flight)",
                _ledger.Sweeps.Count, _ledger.Jobs.Count, _ledger.Running.Count);
        });

        Command<SubmitSweep>(OnSubmit);
        Command<RegisterWorker>(OnRegister);
        Command<RequestWork>(r => OnRequestWork(Sender, r));
        Command<JobHeartbeat>(h =>
        {
            if (_ledger.DecideHeartbeat(h.JobId, h.Attempt, Now) is { } extended)
            {
                _ledger.Apply(extended); // a restart re-arms every lease, so extensions need not be stored
            }
        });
        Command<JobSucceeded>(OnSucceeded);
        Command<JobFailed>(OnFailed);
        Command<Terminated>(t => OnWorkerGone(t.ActorRef, $"worker {t.ActorRef.Path} terminated"));
        Command<CheckLeases>(_ => Record(_ledger.DecideExpiredLeases(Now)));
        Command<GetSweepProgress>(q =>
            Sender.Tell(_ledger.Sweeps.ContainsKey(q.SweepId)
                ? _ledger.Progress(q.SweepId)
                : new SweepNotFound(q.SweepId)));
        Command<GetLedger>(_ => Sender.Tell(_ledger.ToSnapshot()));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("Snapshot failed: {0}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Deleting old snapshots failed: {0}", f.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CoordinatorSettings settings) => Akka.Actor.Props.Create(() => new SweepCoordinator(settings));

    private DateTimeOffset Now => _settings.Clock();

    private void OnSubmit(SubmitSweep submit)
    {
        var sweep = submit.Sweep;
        var done = _ledger.AlreadyDone(sweep);
        var client = Sender;
        Store(new SweepSubmitted(sweep), () => client.Tell(new SweepAccepted(sweep.SweepId, sweep.Jobs.Count, done)));
        Dispatch();
    }

    private void OnRegister(RegisterWorker register)
    {
        if (!_workers.ContainsKey(Sender))
        {
            Context.Watch(Sender);
            _log.Info("Worker {0} on {1} registered with {2} slots", register.WorkerId, register.Host, register.Slots);
        }
        _workers[Sender] = register;
    }

    private void OnRequestWork(IActorRef worker, RequestWork request)
    {
        if (!_workers.ContainsKey(worker))
        {
            // A worker that registered with a previous incarnation of the coordinator.
            OnRegister(new RegisterWorker(request.WorkerId, worker.Path.Address.Host ?? "local", request.FreeSlots));
        }
        _wanted[worker] = request.FreeSlots;
        Dispatch();
    }

    /// <summary>Serves the workers' free slots, one job per worker per round, while there is pending work.</summary>
    private void Dispatch()
    {
        while (_wanted.Count > 0)
        {
            foreach (var (worker, free) in _wanted.ToArray())
            {
                if (!_workers.TryGetValue(worker, out var info) || free <= 0)
                {
                    _wanted.Remove(worker);
                    continue;
                }
                var lease = _ledger.DecideLease(info.WorkerId, info.Host, Now);
                if (lease is null)
                {
                    return;
                }
                _wanted[worker] = free - 1;
                var job = _ledger.Jobs[lease.JobId].Spec;
                // The assignment leaves before its lease is stored. Waiting for the write put a journal round trip
                // on every job's path (docs/performance.md), and a lease lost in a crash harms nothing: the log then
                // shows the job pending, it runs again under the same attempt number, and whichever success comes
                // first is recorded (results are applied once per job id, whatever the attempt).
                Store(lease, () => { });
                worker.Tell(new AssignJob(job, lease.Attempt, lease.Deadline));
            }
        }
    }

    private void OnSucceeded(JobSucceeded result)
    {
        var worker = Sender;
        var ack = new OutcomeAcknowledged(result.JobId, result.Attempt);
        if (_ledger.DecideSuccess(result.JobId, result.Attempt, result.Result) is { } completed)
        {
            Store(completed, () =>
            {
                worker.Tell(ack);
                Context.System.EventStream.Publish(completed);
            });
        }
        else
        {
            worker.Tell(ack); // a duplicate or stale result: acknowledged so the worker forgets it, and ignored
        }
    }

    private void OnFailed(JobFailed failure)
    {
        var worker = Sender;
        var ack = new OutcomeAcknowledged(failure.JobId, failure.Attempt);
        if (_ledger.DecideFailure(failure.JobId, failure.Attempt, failure.Error, failure.Retryable) is { } failed)
        {
            _log.Warning("Job {0} attempt {1} failed{2}: {3}", failure.JobId, failure.Attempt, failed.Final ? " for good" : ", will retry", failure.Error);
            Store(failed, () =>
            {
                worker.Tell(ack);
                Context.System.EventStream.Publish(failed);
            });
            Dispatch();
        }
        else
        {
            worker.Tell(ack);
        }
    }

    private void OnWorkerGone(IActorRef worker, string reason)
    {
        _wanted.Remove(worker);
        if (_workers.Remove(worker, out var info))
        {
            var events = _ledger.DecideWorkerLost(info.WorkerId, reason);
            if (events.Count > 0)
            {
                _log.Warning("{0}: re-queueing {1} jobs", reason, events.Count);
            }
            Record(events);
        }
    }

    private void Record(IReadOnlyList<ISweepEvent> events)
    {
        foreach (var e in events)
        {
            Store(e, () => Context.System.EventStream.Publish(e));
        }
        if (events.Count > 0)
        {
            Dispatch();
        }
    }

    /// <summary>Applies at once, persists asynchronously, and runs <paramref name="afterStored"/> once the event is durable.</summary>
    private void Store<TEvent>(TEvent e, Action afterStored) where TEvent : ISweepEvent
    {
        _ledger.Apply(e);
        PersistAsync(e, _ =>
        {
            afterStored();
            // A snapshot holds the whole ledger, so it is taken no more often than the ledger has jobs: its cost per
            // event stays constant however large the sweeps get (a fixed interval made it grow with the sweep).
            if (++_eventsSinceSnapshot >= Math.Max(_settings.SnapshotEvery, _ledger.Jobs.Count))
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_ledger.ToSnapshot());
            }
        });
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Could not persist {0} to the sweep journal; the coordinator stops and recovers from the log", @event.GetType().Name);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>Timer tick: look for leases past their deadline.</summary>
    private sealed class CheckLeases : INoSerializationVerificationNeeded
    {
        public static readonly CheckLeases Instance = new();
    }
}

/// <summary>Local query: the coordinator's whole ledger, for reports and tests.</summary>
public sealed record GetLedger : INoSerializationVerificationNeeded
{
    public static readonly GetLedger Instance = new();
}
