using Akka.Actor;
using Akka.Pattern;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// The dispatcher: what workers and clients talk to. It persists nothing and decides nothing about jobs; each sweep is
/// a persistent entity of its own (<see cref="SweepEntity"/>) that leases, records and acknowledges its jobs. This actor
/// keeps the workers (registration, DeathWatch, unreachable nodes) and which sweeps have pending work and whose turn it
/// is (<see cref="OpenSweeps"/>: `run.share` jobs in a row per sweep); a worker's requests, reports, heartbeats and
/// releases are split by the sweep each job names and passed to the entities, and their assignments and
/// acknowledgements passed back to the worker.
/// <para>
/// The entities live under <paramref name="entities"/>: the sharding region of the coordinator members (cluster
/// mode), or a local <see cref="SweepEntities"/> parent started here (embedded). Both route by
/// <see cref="SweepMessageExtractor"/>. What one instance serves is its <see cref="DispatcherRole"/>: everything in the
/// embedded grid; in cluster mode one instance on every coordinator member serves the workers the nodes route to that
/// member, and the singleton serves clients. A dispatcher that starts (a restart, a member joining, a singleton
/// hand-over) knows nothing; every entity with open work tells it within one lease check (<see cref="SweepOpenWork"/>,
/// in cluster mode over DistributedPubSub to every dispatcher at once), and workers re-register with their next
/// heartbeat; items that name no sweep (outboxes of older builds) go to every sweep it knows.
/// </para>
/// </summary>
public sealed class SweepCoordinator : ReceiveActor, IWithUnboundedStash
{
    private static readonly TimeSpan AskPatience = TimeSpan.FromSeconds(30);

    /// <summary>The DistributedPubSub topic the entities of cluster mode announce their open work on (<see cref="SweepOpenWork"/>).</summary>
    public const string OpenWorkTopic = "sweep-open-work";

    private readonly CoordinatorSettings _settings;
    private readonly DispatcherRole _role;
    // Front: every coordinator member's dispatcher, asked for the workers it serves (`status`).
    private readonly Func<ActorSystem, IEnumerable<ICanTell>>? _memberDispatchers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _entities = ActorRefs.Nobody;
    private readonly IActorRef? _region;
    private readonly Dictionary<IActorRef, RegisterWorker> _workers = new();
    private readonly Dictionary<string, IActorRef> _workerById = new(StringComparer.Ordinal);
    // Free slots each worker last stated, less the jobs asked for it since; and what may be served now, in the order they asked.
    private readonly Dictionary<IActorRef, int> _free = new();
    private readonly OrderedDictionary<IActorRef, int> _wanted = new();
    // Leases each worker holds, per sweep, as the sweep's entity last said; and jobs asked for it and not yet answered.
    private readonly Dictionary<string, Dictionary<string, int>> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _asking = new(StringComparer.Ordinal);
    // Since when each worker's asks have gone unanswered (reset by every answer).
    private readonly Dictionary<string, DateTimeOffset> _askedSince = new(StringComparer.Ordinal);
    private readonly OpenSweeps _pending = new();
    // Sweeps with pending or running jobs (as their entities last said).
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    // Every sweep this dispatcher has heard of (for `status`).
    private readonly SortedSet<string> _known = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started;

    public SweepCoordinator(CoordinatorSettings settings, IActorRef? region, DispatcherRole role = DispatcherRole.Whole,
                            Func<ActorSystem, IEnumerable<ICanTell>>? memberDispatchers = null)
    {
        _settings = settings;
        _region = region;
        _role = role;
        _memberDispatchers = memberDispatchers;
        _started = settings.Clock();
        if (role == DispatcherRole.Workers) Dispatching(); // the singleton migrates an old journal, not every member
        else Importing();
    }

    public IStash Stash { get; set; } = null!;

    /// <summary>
    /// Until the single coordinator's journal of earlier builds is converted (at once when there is none), every message
    /// waits: a client's first question about a sweep from that journal must find its entity with the sweep in it.
    /// </summary>
    private void Importing()
    {
        Receive<LegacyJournalImported>(imported => _known.UnionWith(imported.SweepIds));
        Receive<Terminated>(t => t.ActorRef.Path.Name == LegacyImportName, _ =>
        {
            Stash.UnstashAll();
            Become(Dispatching);
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private const string LegacyImportName = "legacy-journal-import";

    private void Dispatching()
    {
        Receive<SubmitSweep>(submit =>
        {
            _known.Add(submit.Sweep.SweepId);
            _entities.Forward(submit); // the entity answers the client
        });
        Receive<RegisterWorker>(OnRegister);
        Receive<RequestWork>(r => OnRequestWork(Sender, r.WorkerId, r.FreeSlots));
        Receive<JobHeartbeats>(OnHeartbeats);
        Receive<JobOutcomes>(OnOutcomes);
        Receive<ReleaseJobs>(OnRelease);
        Receive<WorkLeased>(OnWorkLeased);
        Receive<OutcomesStored>(OnOutcomesStored);
        Receive<SweepOpenWork>(open =>
        {
            if (_known.Add(open.SweepId) && open.Running > 0)
            {
                // Running before this dispatcher started: an assignment may have been lost with the one before.
                _entities.Tell(new RearmLeases(open.SweepId));
            }
            Track(open.SweepId, open.Pending, open.Running, open.Share);
            Dispatch();
        });
        Receive<LegacyJournalImported>(imported => _known.UnionWith(imported.SweepIds));
        Receive<Terminated>(OnTerminated);
        Receive<ClusterEvent.UnreachableMember>(u => OnNodeUnreachable(u.Member.Address));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<GetSweepProgress>(q => _entities.Forward(q));
        Receive<GetSweepResults>(q => _entities.Forward(q));
        Receive<CancelSweep>(c => _entities.Forward(c)); // the entity stores the action and answers the client
        Receive<RetryFailedJobs>(r => _entities.Forward(r));
        Receive<GetLedger>(q =>
        {
            if (_region is null) _entities.Forward(q); // the local parent knows every sweep it started or remembers
            else Ledger(_known, _entities).PipeTo(Sender);
        });
        Receive<AwaitStored>(q =>
        {
            if (_region is null) _entities.Forward(q);
            else Sender.Tell(q); // cluster mode: nobody waits on the journal through the dispatcher
        });
        Receive<SubscribeAck>(_ => { });
        Receive<GetGridStatus>(_ =>
        {
            if (_role == DispatcherRole.Workers) Sender.Tell(new GridStatus(Workers(), [])); // the front asks for its workers
            else Status().PipeTo(Sender);
        });
    }

    public static Props Props(CoordinatorSettings settings, IActorRef? region = null, DispatcherRole role = DispatcherRole.Whole,
                              Func<ActorSystem, IEnumerable<ICanTell>>? memberDispatchers = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(settings, region, role, memberDispatchers));

    protected override void PreStart()
    {
        // Embedded: the local parent persists (its remembered sweeps), so a journal write that fails stops it and its
        // entities; a backoff supervisor starts it again, and it starts the remembered sweeps again from their logs.
        _entities = _region ?? Context.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(SweepEntities.Props(_settings, Self), "sweeps",
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), randomFactor: 0.2, maxNrOfRetries: -1)), "sweeps-supervisor");
        if (_role != DispatcherRole.Workers)
        {
            Context.Watch(Context.ActorOf(LegacyJournalImport.Props(_settings, _entities), LegacyImportName));
        }
        if (_region is not null && Context.System is ExtendedActorSystem { Provider: IClusterActorRefProvider })
        {
            // Cluster mode: the entities announce their open work to every dispatcher at once (and the front learns the sweeps).
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(OpenWorkTopic, Self));
        }
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
    }

    private void OnRegister(RegisterWorker register)
    {
        if (!_workers.ContainsKey(Sender))
        {
            Context.Watch(Sender);
            _log.Info("Worker {0} on {1} registered with {2} slots", register.WorkerId, register.Host, register.Slots);
        }
        _workers[Sender] = register;
        _workerById[register.WorkerId] = Sender;
    }

    /// <summary>
    /// A worker that registered with a previous incarnation of the dispatcher (a restart, or a singleton hand-over) is
    /// registered, and watched, on the first message it sends this one.
    /// </summary>
    private void EnsureRegistered(IActorRef worker, string workerId, int slots = 1)
    {
        if (!_workers.ContainsKey(worker) && !worker.IsNobody())
        {
            OnRegister(new RegisterWorker(workerId, worker.Path.Address.Host ?? "local", Math.Max(1, slots)));
        }
    }

    private int Held(string workerId) =>
        (_held.TryGetValue(workerId, out var bySweep) ? bySweep.Values.Sum() : 0) + _asking.GetValueOrDefault(workerId);

    private void OnRequestWork(IActorRef worker, string workerId, int freeSlots)
    {
        EnsureRegistered(worker, workerId, freeSlots);
        ForgetUnansweredAsks(workerId);
        _free[worker] = freeSlots;
        Want(worker);
        Dispatch();
    }

    /// <summary>
    /// A lease request that no entity answered within <see cref="CoordinatorSettings.LeaseAnswerPatience"/> was lost (the
    /// entity stopped before it: a journal write failed, its member died): counted as asked, it would keep the worker from
    /// ever being served again. A late answer after this only makes the worker hold a few more jobs than it asked for.
    /// </summary>
    private void ForgetUnansweredAsks(string workerId)
    {
        if (_askedSince.TryGetValue(workerId, out var since) && _settings.Clock() - since > _settings.LeaseAnswerPatience)
        {
            _log.Warning("No sweep answered the request for {0} job(s) for worker {1} in {2:0} s; asking again",
                _asking.GetValueOrDefault(workerId), workerId, (_settings.Clock() - since).TotalSeconds);
            _asking.Remove(workerId);
            _askedSince.Remove(workerId);
        }
    }

    /// <summary>
    /// What the worker may be served now: its stated free slots less what was asked for it since, and, because the
    /// request was sent before the worker saw assignments still on their way to it (more so across a network), what it
    /// may hold less the leases it holds. Recomputed whenever either changes, so a count that was briefly too high (an
    /// acknowledgement overtaken by the next lease) never leaves a request unserved.
    /// </summary>
    private void Want(IActorRef worker)
    {
        if (!_workers.TryGetValue(worker, out var info))
        {
            _wanted.Remove(worker);
            return;
        }
        var wanted = Math.Min(_free.GetValueOrDefault(worker), info.Slots + info.Prefetch - Held(info.WorkerId));
        if (wanted > 0) _wanted[worker] = wanted;
        else _wanted.Remove(worker);
    }

    /// <summary>
    /// Serves the workers' free slots from the sweeps with pending jobs, in turn by share: each worker's jobs of one
    /// call are asked of each sweep's entity in one <see cref="LeaseWork"/>.
    /// </summary>
    private void Dispatch()
    {
        foreach (var (worker, free) in _wanted.ToArray())
        {
            if (!_workers.TryGetValue(worker, out var info) || free <= 0)
            {
                _wanted.Remove(worker);
                continue;
            }
            var asks = new Dictionary<string, int>(StringComparer.Ordinal);
            var taken = 0;
            while (taken < free && _pending.Take() is { } sweepId)
            {
                asks[sweepId] = asks.GetValueOrDefault(sweepId) + 1;
                taken++;
            }
            if (taken == 0)
            {
                return; // nothing pending: the requests wait until a sweep says it has some
            }
            if (taken == free) _wanted.Remove(worker);
            else _wanted[worker] = free - taken;
            _free[worker] = _free.GetValueOrDefault(worker) - taken;
            if (_asking.GetValueOrDefault(info.WorkerId) == 0) _askedSince[info.WorkerId] = _settings.Clock();
            _asking[info.WorkerId] = _asking.GetValueOrDefault(info.WorkerId) + taken;
            foreach (var (sweepId, count) in asks)
            {
                _entities.Tell(new LeaseWork(sweepId, info.WorkerId, info.Host, count, Akka.Serialization.Serialization.SerializedActorPath(worker)));
            }
        }
    }

    private void OnWorkLeased(WorkLeased leased)
    {
        _asking[leased.WorkerId] = Math.Max(0, _asking.GetValueOrDefault(leased.WorkerId) - leased.Asked);
        if (_asking[leased.WorkerId] == 0) _askedSince.Remove(leased.WorkerId);
        else _askedSince[leased.WorkerId] = _settings.Clock();
        SetHeld(leased.WorkerId, leased.SweepId, leased.Held);
        _pending.Update(leased.SweepId, leased.Pending, leased.Share);
        var jobs = leased.Leased;
        if (!_workerById.TryGetValue(leased.WorkerId, out var worker) || !_workers.ContainsKey(worker))
        {
            // The worker died while its jobs were being leased: they go back at once.
            if (jobs > 0) _entities.Tell(new SweepWorkerLost(leased.SweepId, leased.WorkerId, $"worker {leased.WorkerId} is gone"));
            return;
        }
        if (jobs < leased.Asked)
        {
            // The sweep had fewer pending than counted: the rest of the worker's request is served by another sweep.
            _free[worker] = _free.GetValueOrDefault(worker) + leased.Asked - jobs;
        }
        Want(worker);
        Dispatch();
    }

    private void SetHeld(string workerId, string sweepId, int held)
    {
        if (!_held.TryGetValue(workerId, out var bySweep))
        {
            _held[workerId] = bySweep = new Dictionary<string, int>(StringComparer.Ordinal);
        }
        if (held > 0) bySweep[sweepId] = held;
        else bySweep.Remove(sweepId);
    }

    /// <summary>
    /// Reported jobs are no longer held (the entity's acknowledgement then says exactly how many are), so the free slots
    /// stated in the report can be served at once. Jobs that name no sweep count against any the worker holds.
    /// </summary>
    private void Reported(string workerId, string sweepId, int count)
    {
        if (!_held.TryGetValue(workerId, out var bySweep)) return;
        foreach (var held in sweepId.Length > 0 ? [sweepId] : bySweep.Keys.ToArray())
        {
            if (count <= 0 || !bySweep.TryGetValue(held, out var n)) continue;
            var less = Math.Min(n, count);
            SetHeld(workerId, held, n - less);
            count -= less;
        }
    }

    private void Track(string sweepId, int pending, int running, int share)
    {
        _pending.Update(sweepId, pending, share);
        if (pending + running > 0) _open.Add(sweepId);
        else _open.Remove(sweepId);
    }

    /// <summary>
    /// Items by the sweep the worker names (every assignment carries it); those of an outbox written before workers named
    /// it under "".
    /// </summary>
    private static Dictionary<string, List<T>> BySweep<T>(IEnumerable<T> items, Func<T, string?> sweepIdOf)
    {
        var groups = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var sweepId = sweepIdOf(item) ?? "";
            if (!groups.TryGetValue(sweepId, out var list)) groups[sweepId] = list = [];
            list.Add(item);
        }
        return groups;
    }

    /// <summary>
    /// Where items go: the sweep they name; those that name none (a probe in a test, an outbox of an older build) to every
    /// sweep this dispatcher knows, whose entities each acknowledge them.
    /// </summary>
    private IEnumerable<string> Targets(string sweepId) => sweepId.Length > 0 ? [sweepId] : _known.ToArray();

    private void OnHeartbeats(JobHeartbeats heartbeats)
    {
        EnsureRegistered(Sender, heartbeats.WorkerId);
        foreach (var (sweepId, attempts) in BySweep(heartbeats.Attempts, a => a.SweepId))
        {
            foreach (var target in Targets(sweepId))
            {
                _entities.Tell(new SweepHeartbeats(target, new JobHeartbeats(heartbeats.WorkerId, attempts)));
            }
        }
    }

    private void OnRelease(ReleaseJobs release)
    {
        EnsureRegistered(Sender, release.WorkerId);
        foreach (var (sweepId, attempts) in BySweep(release.Attempts, a => a.SweepId))
        {
            foreach (var target in Targets(sweepId))
            {
                _entities.Tell(new SweepReleases(target, new ReleaseJobs(release.WorkerId, attempts)));
            }
        }
    }

    /// <summary>
    /// A worker's report, split by sweep: each entity stores its outcomes and answers with the acknowledgement, which is
    /// passed on (<see cref="OnOutcomesStored"/>). Outcomes no open sweep could own (a sweep finished meanwhile) are
    /// acknowledged here. The free slots it states are served like a <see cref="RequestWork"/>.
    /// </summary>
    private void OnOutcomes(JobOutcomes report)
    {
        var worker = Sender;
        EnsureRegistered(worker, report.WorkerId);
        var outcomes = report.Succeeded.Concat<IJobOutcome>(report.Failed);
        foreach (var (sweepId, part) in BySweep(outcomes, o => o.SweepId))
        {
            Reported(report.WorkerId, sweepId, part.Count);
            var targets = Targets(sweepId).ToArray();
            var forSweep = new JobOutcomes(report.WorkerId, part.OfType<JobSucceeded>().ToArray(), part.OfType<JobFailed>().ToArray(), 0);
            if (targets.Length == 0)
            {
                // Outcomes that name no sweep while this dispatcher knows none: stale. Not while it is new, though: the open
                // sweeps may not have announced themselves yet (the worker resends).
                if (_settings.Clock() - _started > _settings.LeaseCheckInterval * 10 + TimeSpan.FromSeconds(5))
                {
                    worker.Tell(new OutcomesAcknowledged(forSweep.Attempts().ToArray()));
                }
                continue;
            }
            foreach (var target in targets)
            {
                _entities.Tell(new SweepOutcomes(target, forSweep));
            }
        }
        OnRequestWork(worker, report.WorkerId, report.FreeSlots);
    }

    private void OnOutcomesStored(OutcomesStored stored)
    {
        SetHeld(stored.WorkerId, stored.SweepId, stored.Held);
        _pending.Update(stored.SweepId, stored.Pending, stored.Share);
        if (_workerById.TryGetValue(stored.WorkerId, out var worker))
        {
            worker.Tell(stored.Acknowledged);
            Want(worker);
        }
        Dispatch();
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
            _free.Remove(worker);
        }
        foreach (var worker in gone)
        {
            if (_workers.Remove(worker, out var info))
            {
                _workerById.Remove(info.WorkerId);
                WorkerLost(info.WorkerId, t.AddressTerminated
                    ? $"node {t.ActorRef.Path.Address} left the cluster (worker {worker.Path.Name})"
                    : $"worker {worker.Path} terminated");
                _held.Remove(info.WorkerId);
                _asking.Remove(info.WorkerId);
                _askedSince.Remove(info.WorkerId);
            }
        }
    }

    /// <summary>
    /// Cluster mode: a node stopped answering heartbeats. Its workers' jobs go back to the queue at once (~4 s after
    /// the node died) instead of when the split-brain resolver has downed and removed it. If the node was only slow
    /// and comes back, its late results still count (the first success wins). Its workers stay registered until the
    /// node is removed, but are offered nothing while they cannot be reached.
    /// </summary>
    private void OnNodeUnreachable(Address node)
    {
        foreach (var (worker, info) in _workers.Where(w => w.Key.Path.Address.Equals(node)).ToArray())
        {
            _wanted.Remove(worker);
            _free.Remove(worker);
            WorkerLost(info.WorkerId, $"node {node} unreachable");
        }
    }

    /// <summary>Every open sweep, and every sweep the worker holds leases of, re-queues that worker's jobs.</summary>
    private void WorkerLost(string workerId, string reason)
    {
        var sweeps = new SortedSet<string>(_open, StringComparer.Ordinal);
        if (_held.TryGetValue(workerId, out var bySweep))
        {
            sweeps.UnionWith(bySweep.Keys);
        }
        foreach (var sweepId in sweeps)
        {
            _entities.Tell(new SweepWorkerLost(sweepId, workerId, reason));
        }
    }

    /// <summary>These sweeps' ledgers, read from their entities, as one snapshot (for reports and tests).</summary>
    internal static async Task<LedgerSnapshot> Ledger(IEnumerable<string> sweepIds, IActorRef entities)
    {
        var parts = await Task.WhenAll(sweepIds.ToArray().Select(id => entities.Ask<object>(new GetSweepLedger(id), AskPatience)));
        var snapshots = parts.OfType<LedgerSnapshot>().ToArray();
        return new LedgerSnapshot(snapshots.SelectMany(s => s.Sweeps).ToArray(),
                                  snapshots.SelectMany(s => s.Jobs).DistinctBy(j => j.Spec.JobId).ToArray());
    }

    /// <summary>
    /// The workers this dispatcher knows, and every sweep of the journal (not only those it heard of since it started),
    /// each as its entity says.
    /// </summary>
    private Task<GridStatus> Status()
    {
        var own = Workers();
        var members = _memberDispatchers?.Invoke(Context.System).ToArray() ?? [];
        var known = _known.ToArray();
        var stored = JournaledSweeps.Read(Context.System, _settings);
        var entities = _entities;
        return Sweeps();

        async Task<GridStatus> Sweeps()
        {
            var ids = new SortedSet<string>(known, StringComparer.Ordinal);
            ids.UnionWith(await stored);
            var sweeps = await Task.WhenAll(ids.Select(id => entities.Ask<object>(new GetSweepStatus(id), AskPatience)));
            var served = await Task.WhenAll(members.Select(async m =>
            {
                try
                {
                    return (await m.Ask<GridStatus>(GetGridStatus.Instance, MemberPatience)).Workers;
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    return []; // a member leaving or not yet started: its workers re-register with another within a heartbeat
                }
            }));
            // A worker that moved to another member's dispatcher may still be registered with the one it left.
            var workers = own.Concat(served.SelectMany(w => w)).GroupBy(w => w.WorkerId, StringComparer.Ordinal)
                .Select(g => g.MaxBy(w => w.Running)!).OrderBy(w => w.WorkerId, StringComparer.Ordinal).ToArray();
            return new GridStatus(workers, sweeps.OfType<SweepStatus>().ToArray());
        }
    }

    private static readonly TimeSpan MemberPatience = TimeSpan.FromSeconds(5);

    /// <summary>The workers this dispatcher serves, with the leases each holds.</summary>
    private WorkerStatus[] Workers() =>
        _workers.Select(w => new WorkerStatus(w.Value.WorkerId, w.Value.Host, w.Value.Slots, w.Key.Path.ToString(),
                                              _held.TryGetValue(w.Value.WorkerId, out var h) ? h.Values.Sum() : 0))
            .OrderBy(w => w.WorkerId, StringComparer.Ordinal).ToArray();
}

/// <summary>Local query: every known sweep's whole ledger, for reports and tests.</summary>
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
