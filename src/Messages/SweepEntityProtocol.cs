namespace NmfGrid.Messages;

// Between the dispatcher (the SweepCoordinator that workers and clients talk to) and the sweep entities, one
// persistent entity per sweep. In cluster mode the entities are placed by Akka.Cluster.Sharding, possibly on another
// coordinator member than the dispatcher, so all of these cross the network. Every message to an entity names its
// sweep (ISweepCommand): that is the one thing the sharding message extractor, and the embedded grid's local parent,
// route by.

/// <summary>A message for one sweep's entity; SweepId is the entity's id.</summary>
public interface ISweepCommand : IGridMessage
{
    string SweepId { get; }
}

/// <summary>
/// Dispatcher → entity: lease up to Count pending jobs to this worker and send them to it (WorkerPath: its actor's
/// address), answered by <see cref="WorkLeased"/>. The assignments go straight to the worker, so a dispatcher that dies
/// meanwhile loses none of them.
/// </summary>
public sealed record LeaseWork(string SweepId, string WorkerId, string Host, int Count, string WorkerPath) : ISweepCommand;

/// <summary>
/// Entity → dispatcher: how many jobs it leased to the worker (and sent it; fewer than Asked when the sweep had fewer
/// pending), how many leases the worker now holds in this sweep, and what the sweep has pending.
/// </summary>
public sealed record WorkLeased(string SweepId, string WorkerId, int Asked, int Leased, int Held, int Pending, int Share) : IGridMessage;

/// <summary>Dispatcher → entity: the part of a worker's report that concerns this sweep.</summary>
public sealed record SweepOutcomes(string SweepId, JobOutcomes Report) : ISweepCommand;

/// <summary>Entity → dispatcher, once every outcome's event is durable: the acknowledgement for the worker.</summary>
public sealed record OutcomesStored(string SweepId, string WorkerId, OutcomesAcknowledged Acknowledged, int Held, int Pending, int Share)
    : IGridMessage;

/// <summary>Dispatcher → entity: a worker's heartbeats for its jobs of this sweep.</summary>
public sealed record SweepHeartbeats(string SweepId, JobHeartbeats Heartbeats) : ISweepCommand;

/// <summary>Dispatcher → entity: jobs of this sweep a worker gives back unstarted.</summary>
public sealed record SweepReleases(string SweepId, ReleaseJobs Release) : ISweepCommand;

/// <summary>Dispatcher → entity: this worker died (or its node is unreachable); its leases go back to the queue.</summary>
public sealed record SweepWorkerLost(string SweepId, string WorkerId, string Reason) : ISweepCommand;

/// <summary>
/// Entity → dispatcher: what this sweep has open (pending and running jobs) and its share. Sent when it changes and
/// on every lease check while anything is open, so a dispatcher that took over learns every open sweep within one.
/// </summary>
public sealed record SweepOpenWork(string SweepId, int Pending, int Running, int Share) : IGridMessage;

/// <summary>
/// Dispatcher → entity, from a dispatcher that started while the sweep was already running (a singleton hand-over): an
/// assignment may have been lost with the old dispatcher, so every running lease gets the short recovered grace, which
/// the heartbeats of live workers extend again (the entity does what a recovery does; nothing is stored).
/// </summary>
public sealed record RearmLeases(string SweepId) : ISweepCommand;

/// <summary>Dispatcher → entity: the sweep's whole ledger, its finished jobs' results included (for reports).</summary>
public sealed record GetSweepLedger(string SweepId) : ISweepCommand;

/// <summary>Dispatcher → entity: the sweep's name, subject and progress for `nmfgrid status` (answered by <see cref="SweepStatus"/>).</summary>
public sealed record GetSweepStatus(string SweepId) : ISweepCommand;

/// <summary>
/// Migration → entity: this sweep's state as the single coordinator of earlier builds left it. Stored as the entity's
/// first event (<see cref="SweepImported"/>); an entity that already has events ignores it. Answered by <see cref="SweepAccepted"/>.
/// </summary>
public sealed record ImportSweep(string SweepId, LedgerSnapshot Ledger) : ISweepCommand;

/// <summary>An entity's first event when its sweep came from the single coordinator's journal: the sweep's state then.</summary>
public sealed record SweepImported(LedgerSnapshot Ledger) : ISweepEvent;

/// <summary>
/// Stored under the single coordinator's persistence id (as its last event and as a snapshot) once each of its sweeps
/// is an entity: the old journal is then read no more (status and reports read the entities' events).
/// </summary>
public sealed record LegacyJournalImported(IReadOnlyList<string> SweepIds) : IGridMessage;

/// <summary>The embedded grid's remembered entities (as sharding's remember-entities store): a sweep started, or stopped for good.</summary>
public sealed record SweepEntityStarted(string SweepId) : IGridMessage;

/// <inheritdoc cref="SweepEntityStarted"/>
public sealed record SweepEntityStopped(string SweepId) : IGridMessage;

/// <summary>
/// A snapshot of the embedded grid's remembered entities: the sweeps to start again after a restart (SweepIds), and every
/// sweep ever started there (Known: what a report of the whole log covers).
/// </summary>
public sealed record RememberedSweeps(IReadOnlyList<string> SweepIds, IReadOnlyList<string> Known) : IGridMessage;
