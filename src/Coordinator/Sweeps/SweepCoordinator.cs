using Akka.Actor;
using Akka.Cluster;
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
            _ledger.RearmLeases(Now, settings.RecoveredLeaseGrace);
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
        Command<RequestWork>(r => OnRequestWork(Sender, r.WorkerId, r.FreeSlots));
        Command<JobHeartbeats>(OnHeartbeats);
        Command<JobOutcomes>(OnOutcomes);
        Command<ReleaseJobs>(release =>
        {
            EnsureRegistered(Sender, release.WorkerId);
            Record(release.Attempts.Select(a => _ledger.DecideRelease(a.JobId, a.Attempt, release.WorkerId))
                                   .OfType<ISweepEvent>().ToArray());
        });
        Command<Terminated>(OnTerminated);
        Command<ClusterEvent.UnreachableMember>(u => OnNodeUnreachable(u.Member.Address));
        Command<ClusterEvent.IClusterDomainEvent>(_ => { });
        Command<CheckLeases>(_ => Record(_ledger.DecideExpiredLeases(Now)));
        Command<GetSweepProgress>(q =>
            Sender.Tell(_ledger.Sweeps.ContainsKey(q.SweepId)
                ? _ledger.Progress(q.SweepId, q.Metrics)
                : new SweepNotFound(q.SweepId)));
        Command<GetLedger>(_ => Sender.Tell(_ledger.ToSnapshot()));
        Command<AwaitStored>(q =>
        {
            var sender = Sender;
            DeferAsync(q, _ => sender.Tell(q)); // runs after every event persisted asynchronously before it
        });
        Command<GetGridStatus>(_ => Sender.Tell(Status()));
        Command<CancelSweep>(c => Act(c.SweepId, "cancel", _ledger.DecideCancel(c.SweepId, c.Reason),
                                      () => _ledger.JobsOf(c.SweepId, JobStatus.Pending, JobStatus.Running).Count()));
        Command<RetryFailedJobs>(r => Act(r.SweepId, "retry", _ledger.DecideRetryFailed(r.SweepId),
                                          () => _ledger.JobsOf(r.SweepId, JobStatus.Failed).Count()));
        Command<GetSweepResults>(q =>
            Sender.Tell(_ledger.Sweeps.TryGetValue(q.SweepId, out var sweep)
                ? new SweepResults(q.SweepId, q.Offset, sweep.Jobs.Count, ResultPages.Take(sweep.Jobs.Skip(q.Offset)
                    .Select(j => _ledger.Jobs[j.JobId].ToSnapshot()), Math.Max(0, q.Count)))
                : new SweepNotFound(q.SweepId)));
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

    private void OnRequestWork(IActorRef worker, string workerId, int freeSlots)
    {
        EnsureRegistered(worker, workerId, freeSlots);
        // The request was sent before the worker saw assignments still on their way to it (more so across a
        // network): what it may get is also bounded by what it may hold less the leases it holds in the ledger.
        var info = _workers[worker];
        _wanted[worker] = Math.Min(freeSlots, info.Slots + info.Prefetch - _ledger.HeldBy(workerId));
        Dispatch();
    }

    private void OnHeartbeats(JobHeartbeats heartbeats)
    {
        EnsureRegistered(Sender, heartbeats.WorkerId);
        foreach (var (jobId, attempt) in heartbeats.Attempts)
        {
            if (_ledger.DecideHeartbeat(jobId, attempt, Now) is { } extended)
            {
                _ledger.Apply(extended); // a restart re-arms every lease, so extensions need not be stored
            }
        }
    }

    /// <summary>
    /// A worker that registered with a previous incarnation of the coordinator (a restart, or a singleton
    /// hand-over to another node) is registered, and watched, on the first message it sends this one: its
    /// heartbeats and resent outcomes as much as its requests for work, since a busy worker asks for none.
    /// </summary>
    private void EnsureRegistered(IActorRef worker, string workerId, int slots = 1)
    {
        if (!_workers.ContainsKey(worker) && !worker.IsNobody())
        {
            OnRegister(new RegisterWorker(workerId, worker.Path.Address.Host ?? "local", Math.Max(1, slots)));
        }
    }

    /// <summary>
    /// A person's action on a sweep: the ledger's event is stored, and the answer (how many jobs it changed) leaves once it
    /// is durable. An action with nothing to change stores nothing and answers 0.
    /// </summary>
    private void Act(string sweepId, string action, ISweepEvent? decided, Func<int> affected)
    {
        if (!_ledger.Sweeps.ContainsKey(sweepId))
        {
            Sender.Tell(new SweepNotFound(sweepId));
            return;
        }
        var client = Sender;
        if (decided is null)
        {
            client.Tell(new SweepActionDone(sweepId, action, 0));
            return;
        }
        var jobs = affected();
        _log.Info("Sweep {0}: {1} ({2} jobs)", sweepId, action, jobs);
        Store(decided, () =>
        {
            Context.System.EventStream.Publish(decided);
            client.Tell(new SweepActionDone(sweepId, action, jobs));
        });
        Dispatch();
    }

    private GridStatus Status() => new(
        _workers.Select(w => new WorkerStatus(w.Value.WorkerId, w.Value.Host, w.Value.Slots, w.Key.Path.ToString(),
                                              _ledger.HeldBy(w.Value.WorkerId)))
            .OrderBy(w => w.WorkerId, StringComparer.Ordinal).ToArray(),
        _ledger.Sweeps.Values.Select(s => new SweepStatus(s.SweepId, s.Name, s.Task, s.Dataset, _ledger.Progress(s.SweepId))).ToArray());

    /// <summary>
    /// Serves the workers' free slots, one job per worker per round while there is pending work, and sends each
    /// worker its jobs of this call together.
    /// </summary>
    private void Dispatch()
    {
        Dictionary<IActorRef, (List<AssignJob> Jobs, List<JobLeased> Leases)>? batches = null;
        var pending = true;
        while (pending && _wanted.Count > 0)
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
                    pending = false;
                    break;
                }
                _wanted[worker] = free - 1;
                _ledger.Apply(lease); // now, so the next decision sees this job taken; stored below with its batch
                batches ??= new();
                if (!batches.TryGetValue(worker, out var batch))
                {
                    batches[worker] = batch = (new List<AssignJob>(), new List<JobLeased>());
                }
                batch.Jobs.Add(new AssignJob(_ledger.Jobs[lease.JobId].Spec, lease.Attempt, lease.Deadline));
                batch.Leases.Add(lease);
            }
        }
        foreach (var (worker, (jobs, leases)) in batches ?? [])
        {
            // The assignments leave before their leases are stored. Waiting for the write put a journal round trip
            // on every job's path (docs/performance.md), and a lease lost in a crash harms nothing: the log then
            // shows the job pending, it runs again under the same attempt number, and whichever success comes
            // first is recorded (results are applied once per job id, whatever the attempt).
            Persist(new JobsLeased(leases), leases.Count, () => { });
            foreach (var message in AssignmentMessages.Split(jobs, spec => _ledger.Sweeps[spec.SweepId].PointOf(spec), _settings.MaxAssignmentBytes))
            {
                worker.Tell(message);
            }
        }
    }

    /// <summary>
    /// A worker's report: each outcome is decided and stored, and one acknowledgement for all of them leaves once
    /// every one is durable. The free slots it states are served like a <see cref="RequestWork"/>.
    /// </summary>
    private void OnOutcomes(JobOutcomes report)
    {
        var worker = Sender;
        EnsureRegistered(worker, report.WorkerId);
        var completions = new List<JobCompleted>(report.Succeeded.Count);
        foreach (var success in report.Succeeded)
        {
            // A duplicate or stale result is acknowledged too, so the worker forgets it, and otherwise ignored.
            if (_ledger.DecideSuccess(success.JobId, success.Attempt, success.Result) is { } completed)
            {
                _ledger.Apply(completed); // now, so a second copy of it in this report is seen as a duplicate
                completions.Add(completed);
            }
        }
        if (completions.Count > 0)
        {
            Persist(new JobsCompleted(completions), completions.Count, () =>
            {
                foreach (var completed in completions)
                {
                    Context.System.EventStream.Publish(completed);
                }
            });
        }
        foreach (var failure in report.Failed)
        {
            if (_ledger.DecideFailure(failure.JobId, failure.Attempt, failure.Error, failure.Retryable) is { } failed)
            {
                _log.Warning("Job {0} attempt {1} failed{2}: {3}", failure.JobId, failure.Attempt,
                             failed.Final ? " for good" : ", will retry", failure.Error);
                Store(failed, () => Context.System.EventStream.Publish(failed));
            }
        }
        if (report.Count > 0)
        {
            var acknowledgement = new OutcomesAcknowledged(report.Attempts().ToArray());
            DeferAsync(acknowledgement, a => worker.Tell(a)); // runs once every event stored above is durable
        }
        OnRequestWork(worker, report.WorkerId, report.FreeSlots);
    }

    /// <summary>
    /// A watched worker stopped, or its whole node left the cluster (AddressTerminated: the node was downed and
    /// removed). Every worker on a removed node is forgotten before any job is re-queued, so none goes back to
    /// a sibling of the dead worker whose own Terminated is still on its way.
    /// </summary>
    private void OnTerminated(Terminated t)
    {
        var gone = t.AddressTerminated
            ? _workers.Keys.Where(w => w.Path.Address.Equals(t.ActorRef.Path.Address)).Append(t.ActorRef).Distinct().ToArray()
            : [t.ActorRef];
        foreach (var worker in gone)
        {
            _wanted.Remove(worker);
        }
        foreach (var worker in gone)
        {
            OnWorkerGone(worker, t.AddressTerminated
                ? $"node {t.ActorRef.Path.Address} left the cluster (worker {worker.Path.Name})"
                : $"worker {worker.Path} terminated");
        }
    }

    /// <summary>
    /// Cluster mode: a node stopped answering heartbeats. Its workers' jobs go back to the queue at once
    /// (~4 s after the node died) instead of when the split-brain resolver has downed and removed it (another
    /// stable-after and a gossip round later). If the node was only slow and comes back, its late results still
    /// count (the first success wins) and only the duplicate work is wasted. The workers stay registered until
    /// the node is removed, but are offered nothing while they cannot be reached.
    /// </summary>
    private void OnNodeUnreachable(Address node)
    {
        var workers = _workers.Where(w => w.Key.Path.Address.Equals(node)).ToArray();
        foreach (var (worker, _) in workers)
        {
            _wanted.Remove(worker);
        }
        var events = workers.SelectMany(w => _ledger.DecideWorkerLost(w.Value.WorkerId, $"node {node} unreachable")).ToArray();
        if (events.Length > 0)
        {
            _log.Warning("Node {0} is unreachable: re-queueing its {1} jobs", node, events.Length);
        }
        Record(events);
    }

    protected override void PreStart()
    {
        base.PreStart();
        if (Context.System is ExtendedActorSystem { Provider: IClusterActorRefProvider })
        {
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.UnreachableMember));
        }
    }

    protected override void PostStop()
    {
        if (Context.System is ExtendedActorSystem { Provider: IClusterActorRefProvider })
        {
            Cluster.Get(Context.System).Unsubscribe(Self);
        }
        base.PostStop();
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
        Persist(e, 1, afterStored);
    }

    /// <summary>
    /// Persists an event already applied to the ledger; <paramref name="changes"/> is how many job changes it holds
    /// (a batch event holds several), which is what the snapshot interval counts.
    /// </summary>
    private void Persist<TEvent>(TEvent e, int changes, Action afterStored) where TEvent : ISweepEvent
    {
        PersistAsync(e, _ =>
        {
            afterStored();
            // A snapshot holds the whole ledger, so it is taken no more often than the ledger has jobs: its cost per
            // change stays constant however large the sweeps get (a fixed interval made it grow with the sweep).
            if ((_eventsSinceSnapshot += changes) >= Math.Max(_settings.SnapshotEvery, _ledger.Jobs.Count))
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

/// <summary>
/// Local query, answered with itself once every event applied so far is in the journal (events are persisted
/// asynchronously): a reader of the journal, such as the results projector's last catch-up, then sees them all.
/// </summary>
public sealed record AwaitStored : INoSerializationVerificationNeeded
{
    public static readonly AwaitStored Instance = new();
}
