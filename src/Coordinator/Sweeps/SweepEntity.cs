using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// One sweep as a persistent entity: its own event stream and snapshots (persistence id <c>sweep-&lt;id&gt;</c>,
/// <see cref="CoordinatorSettings.SweepPersistenceId"/>), every decision made by a <see cref="SweepLedger"/> that holds
/// this sweep only. The dispatcher (<see cref="SweepCoordinator"/>) asks it for leases and hands it the outcomes,
/// heartbeats and releases of its jobs; it answers the dispatcher, which passes assignments and acknowledgements on to
/// the workers. In cluster mode Akka.Cluster.Sharding places it on a coordinator member and, with remembered
/// entities, starts it again after any crash while it is unfinished; the embedded grid hosts the same class under a
/// local parent (<see cref="SweepEntities"/>). A finished sweep passivates after a while and leaves memory; its events
/// stay, for reports and the results table.
/// <para>
/// Events are applied at once and persisted asynchronously, and an acknowledgement leaves only once its event is
/// stored; assignments leave at once (a lease lost in a crash only makes its job run again).
/// </para>
/// </summary>
public sealed class SweepEntity : ReceivePersistentActor, IWithTimers
{
    private readonly string _sweepId;
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef? _dispatcher;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string[] _tags;
    private SweepState _ledger = new();
    // The sweep's history (every job's result) as its events last told it, while it is being asked for (SweepReplay).
    private LedgerSnapshot? _history;
    private long _historyAt = -1;
    private bool _replaying;
    private readonly List<(long At, IActorRef Client, Func<LedgerSnapshot?, object> Answer)> _awaitingHistory = [];
    private long _eventsSinceSnapshot;
    private long _bytesSinceSnapshot;
    private long _lastSnapshotBytes;
    private (int Pending, int Running) _announced = (-1, -1);

    /// <param name="dispatcher">Where open work is announced; null (cluster mode): published on
    /// <see cref="SweepCoordinator.OpenWorkTopic"/> through DistributedPubSub, to every coordinator member's dispatcher.</param>
    public SweepEntity(string sweepId, CoordinatorSettings settings, IActorRef? dispatcher)
    {
        _sweepId = sweepId;
        _settings = settings;
        _dispatcher = dispatcher;
        _tags = [settings.SweepEventTag];
        PersistenceId = settings.SweepPersistenceId(sweepId);

        Recover<SnapshotOffer>(offer => _ledger = offer.Snapshot switch
        {
            SweepStateSnapshot state => SweepState.FromSnapshot(state),
            LedgerSnapshot ledger => SweepState.FromLedger(ledger), // written by an earlier build: every job with its result
            var other => throw new InvalidOperationException($"sweep {sweepId}: unknown snapshot {other.GetType().Name}"),
        });
        Recover<ISweepEvent>(e => _ledger.Apply(e));
        Recover<RecoveryCompleted>(_ => Recovered());

        Command<SubmitSweep>(OnSubmit);
        Command<ImportSweep>(OnImport);
        Command<LeaseWork>(OnLeaseWork);
        Command<SweepOutcomes>(OnOutcomes);
        Command<SweepHeartbeats>(h =>
        {
            foreach (var (jobId, attempt, _) in h.Heartbeats.Attempts)
            {
                if (_ledger.DecideHeartbeat(jobId, attempt, Now) is { } extended)
                {
                    _ledger.Apply(extended); // a restart re-arms every lease, so extensions need not be stored
                }
            }
        });
        Command<RearmLeases>(_ =>
        {
            if (_settings.RecoveredLeaseGrace is { } grace)
            {
                _ledger.RearmLeases(Now, grace);
            }
        });
        Command<SweepReleases>(r => Record(r.Release.Attempts
            .Select(a => _ledger.DecideRelease(a.JobId, a.Attempt, r.Release.WorkerId)).OfType<ISweepEvent>().ToArray()));
        Command<SweepWorkerLost>(l =>
        {
            var events = _ledger.DecideWorkerLost(l.WorkerId, l.Reason);
            if (events.Count > 0)
            {
                _log.Warning("Sweep {0}: {1}: re-queueing {2} jobs", _sweepId, l.Reason, events.Count);
            }
            Record(events);
        });
        Command<CheckLeases>(_ =>
        {
            Record(_ledger.DecideExpiredLeases(Now));
            Announce(force: _ledger.OpenCount > 0); // a dispatcher that took over learns this sweep within one check
            PassivateWhenFinished();
        });
        Command<CancelSweep>(c => Act("cancel", _ledger.DecideCancel(_sweepId, c.Reason), () => _ledger.OpenCount));
        Command<RetryFailedJobs>(_ => Act("retry", _ledger.DecideRetryFailed(_sweepId), () => _ledger.FailedCount));
        Command<GetSweepProgress>(q => Sender.Tell(Known ? _ledger.Progress(q.Metrics) : new SweepNotFound(q.SweepId)));
        Command<GetSweepResults>(q => WithHistory(q.SweepId, ledger =>
            new SweepResults(q.SweepId, q.Offset, ledger.Sweeps[0].Jobs.Count,
                             ResultPages.Take(ledger.Jobs.Skip(q.Offset), Math.Max(0, q.Count)))));
        Command<GetSweepStatus>(q => Sender.Tell(_ledger.Sweep is { } s
            ? new SweepStatus(s.SweepId, s.Name, s.Task, s.Dataset, _ledger.Progress())
            : new SweepNotFound(q.SweepId)));
        Command<GetSweepLedger>(q => WithHistory(q.SweepId, ledger => ledger));
        Command<SweepReplay.Replayed>(r =>
        {
            Context.Unwatch(Sender); // its Terminated would say it failed
            Context.Stop(Sender);
            OnReplayed(r);
        });
        Command<Terminated>(_ => ReplayEnded(null));
        Command<ForgetHistory>(_ => _history = null);
        Command<AwaitStored>(q =>
        {
            var sender = Sender;
            DeferAsync(q, _ => sender.Tell(q)); // runs after every event persisted asynchronously before it
        });
        Command<Stop>(_ => Context.Stop(Self));
        Command<PassivateNow>(_ =>
        {
            if (_ledger.OpenCount == 0)
            {
                Context.Parent.Tell(new Passivate(Stop.Instance));
            }
        });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("Sweep {0}: snapshot failed: {1}", _sweepId, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Sweep {0}: deleting old snapshots failed: {1}", _sweepId, f.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sweepId, CoordinatorSettings settings, IActorRef? dispatcher) =>
        Akka.Actor.Props.Create(() => new SweepEntity(sweepId, settings, dispatcher));

    private DateTimeOffset Now => _settings.Clock();

    private bool Known => _ledger.Sweep is not null;

    private int Share => _ledger.Sweep?.Share ?? 1;

    private void Recovered()
    {
        _ledger.RearmLeases(Now, _settings.RecoveredLeaseGrace);
        if (_settings.RequeueRunningOnRecovery)
        {
            RequeueRunning();
        }
        Timers.StartPeriodicTimer("leases", CheckLeases.Instance, _settings.LeaseCheckInterval);
        if (Known)
        {
            _log.Debug("Sweep {0} recovered: {1} jobs ({2} open)", _sweepId, _ledger.JobCount, _ledger.OpenCount);
        }
        Announce(force: true);
        PassivateWhenFinished();
    }

    /// <summary>Embedded mode: the workers died with the process, so every job the log shows running is orphaned.</summary>
    private void RequeueRunning() =>
        Record(_ledger.Running.Select(e => (ISweepEvent)new JobRequeued(e.Spec.JobId, e.Attempt, "the process running it stopped")).ToArray());

    private void OnSubmit(SubmitSweep submit)
    {
        var sweep = submit.Sweep;
        var client = Sender;
        Timers.Cancel(PassivateTimer);
        var unfinished = sweep.Jobs.Select(j => j.JobId).Distinct(StringComparer.Ordinal)
            .Where(id => _ledger.StatusOf(id) != JobStatus.Succeeded).ToArray();
        if (_settings.FinishedJobs is not { } finished || unfinished.Length == 0)
        {
            Accept(sweep, client, []);
            return;
        }
        // Jobs other sweeps finished (same job id: same resolved configuration and track) are not run again: their
        // results are fetched from the sweeps that hold them and stored here, once, as this sweep's own completions, so a
        // replay of this sweep's log gives the same state whatever the other sweeps or the results table hold by then.
        var entities = _dispatcher is null ? Akka.Hosting.ActorRegistry.For(Context.System).Get<SweepEntity>() : Context.Parent;
        var sweepId = _sweepId;
        ReusableResults(sweepId, unfinished, finished, entities)
            .PipeTo(Self, success: found => new Reusable(sweep, client, found), failure: cause =>
            {
                _log.Warning("Sweep {0}: looking up results of other sweeps failed, every unfinished job runs: {1}", sweepId, cause.Message);
                return new Reusable(sweep, client, []);
            });
        BecomeStacked(() =>
        {
            Command<Reusable>(r =>
            {
                UnbecomeStacked();
                Stash.UnstashAll();
                Accept(r.Sweep, r.Client, r.Completions);
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private static readonly TimeSpan AskPatience = TimeSpan.FromSeconds(30);

    private static async Task<IReadOnlyList<JobCompleted>> ReusableResults(string sweepId, string[] jobIds,
        Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, string>> finished, IActorRef entities)
    {
        var owners = await Task.Run(() => finished(jobIds));
        var found = new List<JobCompleted>();
        foreach (var owner in owners.Where(o => o.Value != sweepId).GroupBy(o => o.Value, o => o.Key, StringComparer.Ordinal))
        {
            if (await entities.Ask<object>(new GetSweepLedger(owner.Key), AskPatience) is not LedgerSnapshot held)
            {
                continue;
            }
            var wanted = owner.ToHashSet(StringComparer.Ordinal);
            found.AddRange(held.Jobs.Select(JobEntry.From)
                .Where(j => wanted.Remove(j.Spec.JobId) && j.Status == JobStatus.Succeeded && j.Result is not null)
                .Select(j => new JobCompleted(j.Spec.JobId, j.Attempt, j.Result!)));
        }
        return found.OrderBy(c => c.JobId, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The sweep (or its next part) is stored, then the results it reuses; the client hears once both are durable.</summary>
    private void Accept(SweepDefinition sweep, IActorRef client, IReadOnlyList<JobCompleted> reusable)
    {
        Store(new SweepSubmitted(sweep), () => { });
        var reused = reusable.Where(c => _ledger.StatusOf(c.JobId) is JobStatus.Pending or JobStatus.Failed).ToArray();
        if (reused.Length > 0)
        {
            var taken = new JobsReused(_sweepId, reused);
            _ledger.Apply(taken);
            _log.Info("Sweep {0}: {1} jobs reuse results of other sweeps", _sweepId, reused.Length);
            Persist(taken, reused.Length, reused.Sum(c => ResultBytes(c.Result)), () => { });
        }
        var done = _ledger.AlreadyDone(sweep);
        DeferAsync(done, d => client.Tell(new SweepAccepted(sweep.SweepId, sweep.Jobs.Count, d)));
        Announce();
        PassivateWhenFinished();
    }

    /// <summary>What the look-up of reusable results found, back on the entity's thread.</summary>
    private sealed record Reusable(SweepDefinition Sweep, IActorRef Client, IReadOnlyList<JobCompleted> Completions)
        : INoSerializationVerificationNeeded;

    /// <summary>Migration: the sweep's state from the single coordinator's journal, once, as this entity's first event.</summary>
    private void OnImport(ImportSweep import)
    {
        var sender = Sender;
        var sweep = import.Ledger.Sweeps.Single();
        if (LastSequenceNr > 0 || Known)
        {
            sender.Tell(new SweepAccepted(_sweepId, sweep.Jobs.Count, 0)); // imported already (a migration that stopped half-way)
            return;
        }
        Timers.Cancel(PassivateTimer);
        Store(new SweepImported(import.Ledger), () => sender.Tell(new SweepAccepted(_sweepId, sweep.Jobs.Count, 0)));
        _ledger.RearmLeases(Now, _settings.RecoveredLeaseGrace);
        if (_settings.RequeueRunningOnRecovery)
        {
            RequeueRunning();
        }
        Announce(force: true);
        PassivateWhenFinished();
    }

    /// <summary>Leases up to the count asked for, applied at once (so the next decision sees them taken) and stored as one event.</summary>
    private void OnLeaseWork(LeaseWork ask)
    {
        var leases = new List<JobLeased>();
        var jobs = new List<AssignJob>();
        while (leases.Count < ask.Count && _ledger.DecideLease(ask.WorkerId, ask.Host, Now) is { } lease)
        {
            _ledger.Apply(lease);
            leases.Add(lease);
            jobs.Add(new AssignJob(_ledger.Spec(lease.JobId), lease.Attempt, lease.Deadline));
        }
        if (leases.Count > 0)
        {
            // The assignments leave before their leases are stored. Waiting for the write put a journal round trip
            // on every job's path (docs/performance.md), and a lease lost in a crash harms nothing: the log then
            // shows the job pending, it runs again under the same attempt number, and whichever success comes
            // first is recorded (results are applied once per job id, whatever the attempt).
            Persist(new JobsLeased(leases), leases.Count, 160L * leases.Count, () => { });
        }
        if (jobs.Count > 0)
        {
            var worker = Context.ActorSelection(ask.WorkerPath);
            foreach (var message in AssignmentMessages.Split(jobs, spec => _ledger.Sweep!.PointOf(spec), _settings.MaxAssignmentBytes))
            {
                worker.Tell(message, Sender); // from the dispatcher, as far as the worker can tell
            }
        }
        Sender.Tell(new WorkLeased(_sweepId, ask.WorkerId, ask.Count, jobs.Count, _ledger.HeldBy(ask.WorkerId), _ledger.PendingCount, Share));
        _announced = (_ledger.PendingCount, _ledger.Running.Count);
    }

    /// <summary>
    /// A worker's outcomes for this sweep: each is decided and stored, and one acknowledgement for all of them goes
    /// back once every one is durable. A duplicate or stale outcome is acknowledged too, so the worker forgets it.
    /// </summary>
    private void OnOutcomes(SweepOutcomes outcomes)
    {
        var report = outcomes.Report;
        var dispatcher = Sender;
        var completions = new List<JobCompleted>(report.Succeeded.Count);
        foreach (var success in report.Succeeded)
        {
            if (_ledger.DecideSuccess(success.JobId, success.Attempt, success.Result) is { } completed)
            {
                _ledger.Apply(completed); // now, so a second copy of it in this report is seen as a duplicate
                completions.Add(completed);
            }
        }
        if (completions.Count > 0)
        {
            Persist(new JobsCompleted(completions), completions.Count, completions.Sum(c => ResultBytes(c.Result)), () =>
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
        var acknowledgement = new OutcomesAcknowledged(report.Attempts().ToArray());
        // Runs once every event stored above is durable; the counts are those of that moment.
        DeferAsync(acknowledgement, a => dispatcher.Tell(new OutcomesStored(_sweepId, report.WorkerId, a,
                                                                           _ledger.HeldBy(report.WorkerId), _ledger.PendingCount, Share)));
        Announce();
        PassivateWhenFinished();
    }

    /// <summary>
    /// A person's action on this sweep: the ledger's event is stored, and the answer (how many jobs it changed) leaves once
    /// it is durable. An action with nothing to change stores nothing and answers 0; an unknown sweep answers
    /// <see cref="SweepNotFound"/> (and this entity, started only by the question, passivates).
    /// </summary>
    private void Act(string action, ISweepEvent? decided, Func<int> affected)
    {
        var client = Sender;
        if (!Known)
        {
            client.Tell(new SweepNotFound(_sweepId));
            PassivateWhenFinished();
            return;
        }
        if (decided is null)
        {
            client.Tell(new SweepActionDone(_sweepId, action, 0));
            return;
        }
        var jobs = affected();
        _log.Info("Sweep {0}: {1} ({2} jobs)", _sweepId, action, jobs);
        Timers.Cancel(PassivateTimer);
        Store(decided, () =>
        {
            Context.System.EventStream.Publish(decided);
            client.Tell(new SweepActionDone(_sweepId, action, jobs));
        });
        Announce(); // a cancelled sweep leaves the turns, a retried one joins them again
        PassivateWhenFinished();
    }

    /// <summary>
    /// Tells the dispatchers what this sweep has open when what they act on changed (<see cref="OpenWorkAnnouncement"/>),
    /// or always, with <paramref name="force"/> (every lease check).
    /// </summary>
    private void Announce(bool force = false)
    {
        var open = (_ledger.PendingCount, _ledger.Running.Count);
        if (!Known || (!force && !OpenWorkAnnouncement.Changed(_announced, open)))
        {
            return;
        }
        _announced = open;
        var announcement = new SweepOpenWork(_sweepId, open.PendingCount, open.Item2, Share);
        if (_dispatcher is null)
        {
            // Every dispatcher serves workers of its own, so each must know every sweep with open work.
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(SweepCoordinator.OpenWorkTopic, announcement));
        }
        else
        {
            _dispatcher.Tell(announcement);
        }
    }

    private const string PassivateTimer = "passivate";

    /// <summary>
    /// A finished sweep (or an id nobody submitted) leaves memory after a while: the sharding region (or the local
    /// parent) stops it, and with remembered entities it is not started again. A message for it starts it again.
    /// </summary>
    private void PassivateWhenFinished()
    {
        if (_ledger.OpenCount > 0)
        {
            Timers.Cancel(PassivateTimer);
        }
        else if (!Timers.IsTimerActive(PassivateTimer))
        {
            Timers.StartSingleTimer(PassivateTimer, PassivateNow.Instance, Known ? _settings.PassivateFinishedAfter : TimeSpan.Zero);
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
            Announce();
            PassivateWhenFinished();
        }
    }

    private void Store<TEvent>(TEvent e, Action afterStored) where TEvent : ISweepEvent
    {
        _ledger.Apply(e);
        // A submitted part's jobs as JSON (about 100 bytes of names and numbers each, beyond their strings): ByteBudget's
        // generous estimate would take a snapshot after every part of a large sweep.
        Persist(e, 1, e is SweepSubmitted s ? s.Sweep.Jobs.Sum(j => 100L + j.JobId.Length + j.PointLabel.Length + j.TrackId.Length + j.Dataset.Length)
                                              + (s.Sweep.Points ?? []).Sum(ByteBudget.Of)
                    : e is SweepImported i ? i.Ledger.Jobs.Sum(ResultPages.EstimatedBytes) : 200, afterStored);
    }

    /// <summary>
    /// Persists an event already applied, tagged so the results projector follows every sweep in one stream. A snapshot
    /// is taken once the bytes journaled since the last one reach the size of the last snapshot (at least
    /// <see cref="CoordinatorSettings.SnapshotBytes"/>): recovery then reads at most about twice the state, and
    /// snapshotting costs a constant share of the writing however large the sweep; <see cref="CoordinatorSettings.SnapshotEvery"/>
    /// events also take one when set.
    /// </summary>
    private void Persist<TEvent>(TEvent e, int changes, long bytes, Action afterStored) where TEvent : ISweepEvent
    {
        PersistAsync(new Tagged(e, _tags), _ =>
        {
            afterStored();
            _eventsSinceSnapshot += changes;
            _bytesSinceSnapshot += bytes;
            if (_bytesSinceSnapshot >= Math.Max(_settings.SnapshotBytes, _lastSnapshotBytes)
                || (_settings.SnapshotEvery > 0 && _eventsSinceSnapshot >= _settings.SnapshotEvery))
            {
                var snapshot = _ledger.ToSnapshot();
                // Its size as JSON, roughly: the packed points and jobs in base64, the entries.
                _lastSnapshotBytes = (snapshot.PackedPoints.Length + snapshot.PackedJobs.Length + snapshot.Succeeded.Length) * 4L / 3
                                     + snapshot.Open.Count * 200L;
                _eventsSinceSnapshot = 0;
                _bytesSinceSnapshot = 0;
                SaveSnapshot(snapshot);
            }
        });
    }

    /// <summary>
    /// Answers a question about the sweep's history once its events up to now are read back (<see cref="SweepReplay"/>);
    /// a history read for an earlier question serves while no event was stored since. An unknown sweep is answered at once.
    /// </summary>
    private void WithHistory(string sweepId, Func<LedgerSnapshot, object> answer)
    {
        if (!Known)
        {
            Sender.Tell(new SweepNotFound(sweepId));
            PassivateWhenFinished();
            return;
        }
        _awaitingHistory.Add((LastSequenceNr, Sender, h => h is null ? new SweepNotFound(sweepId) : answer(h)));
        if (_history is not null && _historyAt >= LastSequenceNr)
        {
            OnReplayed(new SweepReplay.Replayed(_historyAt, _history));
        }
        else
        {
            Replay();
        }
    }

    private void Replay()
    {
        if (_replaying) return;
        _replaying = true;
        // After every event applied so far is stored: the replay reads the journal.
        DeferAsync(ForgetHistory.Instance, _ => Context.Watch(Context.ActorOf(SweepReplay.Props(PersistenceId, _sweepId))));
    }

    private void OnReplayed(SweepReplay.Replayed replayed)
    {
        _replaying = false;
        if (replayed.Ledger is { } ledger)
        {
            (_history, _historyAt) = (ledger, replayed.SequenceNr);
            Timers.StartSingleTimer(HistoryTimer, ForgetHistory.Instance, TimeSpan.FromSeconds(30));
        }
        var served = _awaitingHistory.Where(w => w.At <= replayed.SequenceNr).ToArray();
        _awaitingHistory.RemoveAll(w => w.At <= replayed.SequenceNr);
        foreach (var (_, client, answer) in served)
        {
            client.Tell(answer(replayed.Ledger));
        }
        if (_awaitingHistory.Count > 0)
        {
            Replay();
        }
    }

    /// <summary>The replay stopped without an answer (its recovery failed): whoever waits hears so, and may ask again.</summary>
    private void ReplayEnded(object? _)
    {
        if (!_replaying) return;
        _replaying = false;
        foreach (var (_, client, _) in _awaitingHistory)
        {
            client.Tell(new Status.Failure(new InvalidOperationException($"sweep {_sweepId}: reading its events back failed")));
        }
        _awaitingHistory.Clear();
    }

    private const string HistoryTimer = "history";

    private static long ResultBytes(JobResult result) =>
        200 + result.Metrics.Sum(m => m.Key.Length + 28) + result.LossHistory.Count * 25L
        + (result.Factors is { } f ? (f.W.Count + f.H.Count) * 16L : 0);

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Could not persist {1} of sweep {0}; the entity stops and starts again from its log", _sweepId, @event.GetType().Name);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>Timer tick: look for leases past their deadline, and tell the dispatcher what is open.</summary>
    private sealed class CheckLeases : INoSerializationVerificationNeeded
    {
        public static readonly CheckLeases Instance = new();
    }

    /// <summary>A history read back is let go a while after its last use: memory holds open work only.</summary>
    private sealed class ForgetHistory : INoSerializationVerificationNeeded
    {
        public static readonly ForgetHistory Instance = new();
    }

    private sealed class PassivateNow : INoSerializationVerificationNeeded
    {
        public static readonly PassivateNow Instance = new();
    }

    /// <summary>What the region (or local parent) sends back to stop a passivated entity.</summary>
    public sealed class Stop : INoSerializationVerificationNeeded
    {
        public static readonly Stop Instance = new();
    }
}
