using Akka.Actor;
using Akka.Event;
using NmfGrid.Messages;

namespace NmfGrid.Node.Workers;

/// <summary>
/// Pulls jobs from the coordinator and runs them with an <see cref="IJobRunner"/> off the actor thread. It keeps
/// heartbeating while a job runs, and keeps each outcome until the coordinator acknowledges it, resending it
/// meanwhile: a result survives a lost message or a coordinator restart. With an outbox directory the
/// outcomes are also kept on disk until acknowledged, and a restarted worker sends them again.
/// </summary>
public sealed class WorkerActor : ReceiveActor, IWithTimers
{
    private readonly IActorRef _coordinator;
    private readonly WorkerSettings _settings;
    private readonly IJobRunner _runner;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (AssignJob Assignment, CancellationTokenSource Cancel)> _running = new();
    private readonly Queue<AssignJob> _queued = new();
    private readonly Dictionary<(string JobId, int Attempt), IGridMessage> _unacknowledged = new();
    private readonly OutcomeOutbox? _outbox;
    private JobThreads? _threads;

    public WorkerActor(IActorRef coordinator, WorkerSettings settings, IJobRunner runner)
    {
        _coordinator = coordinator;
        _settings = settings;
        _runner = runner;
        _outbox = settings.OutboxDirectory is { } directory ? new OutcomeOutbox(directory) : null;

        Receive<AssignJob>(assignment =>
        {
            if (_running.ContainsKey(assignment.Job.JobId) || _queued.Any(q => q.Job.JobId == assignment.Job.JobId))
            {
                return; // a duplicate delivery of an assignment already in hand
            }
            _queued.Enqueue(assignment);
            StartQueued();
        });
        Receive<Finished>(OnFinished);
        Receive<OutcomeAcknowledged>(ack =>
        {
            _unacknowledged.Remove((ack.JobId, ack.Attempt));
            _outbox?.Forget(ack.JobId, ack.Attempt);
        });
        Receive<Tick>(_ =>
        {
            // Cheap and idempotent: a coordinator that took over (another node's singleton, or a restart)
            // learns this worker's slots within one heartbeat interval.
            _coordinator.Tell(new RegisterWorker(_settings.WorkerId, _settings.Host, _settings.Slots));
            foreach (var (assignment, _) in _running.Values)
            {
                _coordinator.Tell(new JobHeartbeat(assignment.Job.JobId, assignment.Attempt, _settings.WorkerId));
            }
            foreach (var assignment in _queued)
            {
                _coordinator.Tell(new JobHeartbeat(assignment.Job.JobId, assignment.Attempt, _settings.WorkerId));
            }
        });
        Receive<Resend>(_ =>
        {
            foreach (var outcome in _unacknowledged.Values)
            {
                _coordinator.Tell(outcome);
            }
        });
        Receive<Poll>(_ => AskForWork());
        Receive<WorkIsReady>(_ => AskForWork());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, WorkerSettings settings, IJobRunner runner) =>
        Akka.Actor.Props.Create(() => new WorkerActor(coordinator, settings, runner));

    private int FreeSlots => _settings.Slots - _running.Count - _queued.Count;

    protected override void PreStart()
    {
        _threads = new JobThreads(_settings.Slots, $"job-{_settings.WorkerId}");
        foreach (var outcome in _outbox?.Pending() ?? [])
        {
            // Finished by an earlier run of this worker and never acknowledged: sent again at once.
            var key = outcome is JobSucceeded s ? (s.JobId, s.Attempt) : (((JobFailed)outcome).JobId, ((JobFailed)outcome).Attempt);
            _unacknowledged[key] = outcome;
            _coordinator.Tell(outcome);
        }
        _coordinator.Tell(new RegisterWorker(_settings.WorkerId, _settings.Host, _settings.Slots));
        AskForWork();
        Timers.StartPeriodicTimer("heartbeat", Tick.Instance, _settings.HeartbeatInterval);
        Timers.StartPeriodicTimer("resend", Resend.Instance, _settings.ResendInterval);
        Timers.StartPeriodicTimer("poll", Poll.Instance, _settings.IdlePoll);
    }

    protected override void PostStop()
    {
        foreach (var (_, cancel) in _running.Values)
        {
            cancel.Cancel();
        }
        _threads?.Dispose();
    }

    private void AskForWork()
    {
        if (FreeSlots > 0)
        {
            _coordinator.Tell(new RequestWork(_settings.WorkerId, FreeSlots));
        }
    }

    private void StartQueued()
    {
        while (_running.Count < _settings.Slots && _queued.TryDequeue(out var assignment))
        {
            var cancel = new CancellationTokenSource(_settings.JobTimeout);
            _running[assignment.Job.JobId] = (assignment, cancel);
            var runner = _runner;
            var self = Self;
            _threads!.Run(() => runner.Run(assignment.Job, cancel.Token), cancel.Token)
                .ContinueWith(t => new Finished(assignment, t.IsCompletedSuccessfully ? t.Result : null,
                                                t.Exception?.GetBaseException() ?? (t.IsCanceled ? new TimeoutException(
                                                    $"job {assignment.Job.JobId} ran past the {_settings.JobTimeout} timeout") : null)),
                              TaskScheduler.Default)
                .PipeTo(self);
        }
    }

    private void OnFinished(Finished finished)
    {
        var (assignment, result, error) = finished;
        if (_running.Remove(assignment.Job.JobId, out var entry))
        {
            entry.Cancel.Dispose();
        }
        IGridMessage outcome = result is not null
            ? new JobSucceeded(assignment.Job.JobId, assignment.Attempt, _settings.WorkerId,
                               result with { Host = _settings.Host, WorkerId = _settings.WorkerId })
            : new JobFailed(assignment.Job.JobId, assignment.Attempt, _settings.WorkerId,
                            JobFailureKind.Describe(error!), JobFailureKind.IsRetryable(error!));
        if (error is not null)
        {
            _log.Warning("Job {0} ({1}, track {2}) failed: {3}", assignment.Job.JobId, assignment.Job.PointLabel,
                         assignment.Job.TrackId, JobFailureKind.Describe(error));
        }
        _unacknowledged[(assignment.Job.JobId, assignment.Attempt)] = outcome;
        _outbox?.Keep(outcome);
        _coordinator.Tell(outcome);
        StartQueued();
        AskForWork();
    }

    // Local-only messages: never serialized, so exempt from serialize-messages checks in tests.
    private sealed record Finished(AssignJob Assignment, JobResult? Result, Exception? Error) : INoSerializationVerificationNeeded;

    private sealed class Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Resend : INoSerializationVerificationNeeded
    {
        public static readonly Resend Instance = new();
    }

    private sealed class Poll : INoSerializationVerificationNeeded
    {
        public static readonly Poll Instance = new();
    }
}
