using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using NmfGrid.Messages;

namespace NmfGrid.Node.Workers;

/// <summary>
/// Pulls jobs from the coordinator and runs them with an <see cref="IJobRunner"/> off the actor thread. It keeps
/// heartbeating while a job runs, and keeps each outcome until the coordinator acknowledges it, resending it
/// meanwhile: a result survives a lost message or a coordinator restart. With an outbox directory the
/// outcomes are also kept on disk until acknowledged, and a restarted worker sends them again.
/// <para>
/// While jobs are short the worker holds more than it runs (<see cref="PrefetchDepth"/>), and reports outcomes
/// when half of what it holds is done: one <see cref="JobOutcomes"/> carries them all and asks for as many new
/// jobs, which the coordinator sends in one <see cref="AssignJobs"/>. Once jobs are slow nothing is held and
/// every outcome is reported as soon as it is known.
/// </para>
/// </summary>
public sealed class WorkerActor : ReceiveActor, IWithTimers
{
    // Outcomes per message when many wait at once (a resend after an outage): each stays far inside a frame.
    private const int OutcomesPerMessage = 64;

    private readonly IActorRef _coordinator;
    private readonly WorkerSettings _settings;
    private readonly IJobRunner _runner;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Every job in hand, running or waiting, by id, with the newest assignment the coordinator made for it.
    private readonly Dictionary<string, AssignJob> _held = new(StringComparer.Ordinal);
    // The configuration points the jobs in hand run (sent once per assignment message), forgotten with their last job.
    private readonly Dictionary<(string SweepId, int Index), PointSpec> _points = new();
    private readonly Dictionary<string, (CancellationTokenSource Cancel, DateTimeOffset Started)> _running = new(StringComparer.Ordinal);
    private readonly Queue<string> _queued = new();
    private readonly Dictionary<JobAttempt, IJobOutcome> _unacknowledged = new();
    private readonly List<IJobOutcome> _unreported = new();
    private readonly PrefetchDepth _prefetch;
    private readonly OutcomeOutbox? _outbox;
    private JobThreads? _threads;
    private bool _reportPending;
    // A report or request asked for jobs and no assignment has come since.
    private bool _awaitingWork;

    public WorkerActor(IActorRef coordinator, WorkerSettings settings, IJobRunner runner)
    {
        _coordinator = coordinator;
        _settings = settings;
        _runner = runner;
        _prefetch = new PrefetchDepth(settings.Slots, settings.Prefetch, settings.PrefetchWindow);
        _outbox = settings.OutboxDirectory is { } directory ? new OutcomeOutbox(directory) : null;

        Receive<AssignJobs>(batch =>
        {
            _awaitingWork = false;
            foreach (var point in batch.Points)
            {
                _points[(point.SweepId, point.Index)] = point;
            }
            foreach (var assignment in batch.Jobs)
            {
                if (!_held.TryGetValue(assignment.Job.JobId, out var inHand))
                {
                    _held[assignment.Job.JobId] = assignment;
                    _queued.Enqueue(assignment.Job.JobId);
                }
                else if (assignment.Attempt > inHand.Attempt)
                {
                    // The coordinator re-leased a job this worker still holds (its lease ran out while it waited):
                    // the job stays in its place and answers to the new attempt, whose lease the coordinator watches.
                    _held[assignment.Job.JobId] = assignment;
                } // else a duplicate delivery of an assignment already in hand
            }
            StartQueued();
        });
        Receive<Finished>(OnFinished);
        Receive<Report>(_ =>
        {
            _reportPending = false;
            Timers.Cancel(Report.Instance);
            if (_unreported.Count > 0)
            {
                Send(_unreported, keep: true);
                _unreported.Clear();
            }
        });
        Receive<OutcomesAcknowledged>(ack =>
        {
            foreach (var attempt in ack.Attempts.Select(a => a with { SweepId = null }))
            {
                if (_unacknowledged.Remove(attempt))
                {
                    _outbox?.Forget(attempt);
                }
            }
        });
        Receive<Tick>(_ =>
        {
            // Cheap and idempotent: a coordinator that took over (another node's singleton, or a restart)
            // learns this worker's slots within one heartbeat interval.
            _coordinator.Tell(Registration);
            ReleaseStalled();
            if (_held.Count > 0)
            {
                _coordinator.Tell(new JobHeartbeats(_settings.WorkerId,
                    _held.Values.Select(a => new JobAttempt(a.Job.JobId, a.Attempt, a.Job.SweepId)).ToArray()));
            }
        });
        // Not those about to be reported for the first time (and kept in the outbox then).
        Receive<Resend>(_ => Send(_unacknowledged.Values.Except(_unreported).ToArray()));
        Receive<Poll>(_ => AskForWork());
        Receive<WorkIsReady>(_ => AskForWork());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, WorkerSettings settings, IJobRunner runner) =>
        Akka.Actor.Props.Create(() => new WorkerActor(coordinator, settings, runner));

    private RegisterWorker Registration => new(_settings.WorkerId, _settings.Host, _settings.Slots, _settings.Prefetch);

    // While stalled, nothing beyond the slots: a released job must not come straight back behind the same slow one.
    private int FreeSlots => Math.Max(0, _settings.Slots + (Stalled ? 0 : _prefetch.Current) - _held.Count);

    /// <summary>Every slot is busy and one of its jobs has run longer than <see cref="WorkerSettings.HoldLimit"/>.</summary>
    private bool Stalled
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            return _running.Count >= _settings.Slots && _running.Values.Any(r => now - r.Started > _settings.HoldLimit);
        }
    }

    protected override void PreStart()
    {
        _threads = new JobThreads(_settings.Slots, $"job-{_settings.WorkerId}");
        _coordinator.Tell(Registration);
        var pending = _outbox?.Pending() ?? [];
        foreach (var outcome in pending)
        {
            // Finished by an earlier run of this worker and never acknowledged: sent again at once.
            _unacknowledged[AttemptOf(outcome)] = outcome;
        }
        if (pending.Count > 0)
        {
            Send(pending);
        }
        else
        {
            AskForWork();
        }
        Timers.StartPeriodicTimer("heartbeat", Tick.Instance, _settings.HeartbeatInterval);
        Timers.StartPeriodicTimer("resend", Resend.Instance, _settings.ResendInterval);
        Timers.StartPeriodicTimer("poll", Poll.Instance, _settings.IdlePoll);
    }

    protected override void PostStop()
    {
        foreach (var (cancel, _) in _running.Values)
        {
            cancel.Cancel();
        }
        _threads?.Dispose();
    }

    private void AskForWork()
    {
        if (FreeSlots > 0)
        {
            _awaitingWork = true;
            _coordinator.Tell(new RequestWork(_settings.WorkerId, FreeSlots));
        }
    }

    /// <summary>
    /// Outcomes to the coordinator, with the free slots stated in each message; new ones (<paramref name="keep"/>)
    /// go to the outbox first, each message as one file.
    /// </summary>
    private void Send(IReadOnlyCollection<IJobOutcome> outcomes, bool keep = false)
    {
        foreach (var chunk in outcomes.Chunk(OutcomesPerMessage))
        {
            var report = new JobOutcomes(_settings.WorkerId, chunk.OfType<JobSucceeded>().ToArray(),
                                         chunk.OfType<JobFailed>().ToArray(), FreeSlots);
            _awaitingWork |= report.FreeSlots > 0;
            if (keep)
            {
                _outbox?.Keep(report);
            }
            _coordinator.Tell(report);
        }
    }

    private void StartQueued()
    {
        while (_running.Count < _settings.Slots && _queued.TryDequeue(out var jobId))
        {
            // Started even when the deadline it came with has passed: its heartbeats have extended the lease since,
            // and if they were lost and the job went elsewhere too, the first result of any attempt still counts.
            var assignment = _held[jobId];
            // The coordinator sends each job's point with it; a job without one fails (not retryable) rather than the actor.
            var point = _points.GetValueOrDefault((assignment.Job.SweepId, assignment.Job.PointIndex));
            var cancel = new CancellationTokenSource(_settings.JobTimeout);
            _running[jobId] = (cancel, DateTimeOffset.UtcNow);
            var runner = _runner;
            var self = Self;
            var timeout = _settings.JobTimeout;
            _threads!.Run(() =>
                {
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        if (point is null)
                            throw new ArgumentException($"job {assignment.Job.JobId} came without its configuration point {assignment.Job.PointIndex} of sweep {assignment.Job.SweepId}");
                        return new Finished(assignment, runner.Run(assignment.Job, point, cancel.Token), null, clock.Elapsed);
                    }
                    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                    {
                        return new Finished(assignment, null, new TimeoutException(
                            $"job {assignment.Job.JobId} ran past the {timeout} timeout"), clock.Elapsed);
                    }
                    catch (Exception e)
                    {
                        return new Finished(assignment, null, e, clock.Elapsed);
                    }
                }, CancellationToken.None)
                .PipeTo(self);
        }
    }

    private void OnFinished(Finished finished)
    {
        var (started, result, error, elapsed) = finished;
        if (_running.Remove(started.Job.JobId, out var running))
        {
            running.Cancel.Dispose();
        }
        // Reported under the newest attempt the coordinator leased it to this worker as (jobs are deterministic).
        var assignment = _held.Remove(started.Job.JobId, out var newest) ? newest : started;
        ForgetUnusedPoints();
        _prefetch.Finished(elapsed);
        IJobOutcome outcome = result is not null
            ? new JobSucceeded(assignment.Job.JobId, assignment.Attempt, _settings.WorkerId,
                               result with { Host = _settings.Host, WorkerId = _settings.WorkerId }, assignment.Job.SweepId)
            : new JobFailed(assignment.Job.JobId, assignment.Attempt, _settings.WorkerId,
                            JobFailureKind.Describe(error!), JobFailureKind.IsRetryable(error!), assignment.Job.SweepId);
        if (error is not null)
        {
            _log.Warning("Job {0} ({1}, track {2}) failed: {3}", assignment.Job.JobId, assignment.Job.PointLabel,
                         assignment.Job.TrackId, JobFailureKind.Describe(error));
        }
        _unacknowledged[AttemptOf(outcome)] = outcome;
        _unreported.Add(outcome);
        StartQueued();
        if (ReportNow)
        {
            // The report goes behind every outcome already in the mailbox, so those leave in the same message.
            if (!_reportPending)
            {
                _reportPending = true;
                Self.Tell(Report.Instance);
            }
        }
        else if (!Timers.IsTimerActive(Report.Instance))
        {
            // Enough held to go on with: outcomes gather until the queue is half down, and wait no longer than
            // the prefetch window even if a slow job stops the queue.
            Timers.StartSingleTimer(Report.Instance, Report.Instance, _settings.PrefetchWindow);
        }
    }

    /// <summary>
    /// Held jobs wait for a slot. When a running job has taken longer than <see cref="WorkerSettings.HoldLimit"/>
    /// (jobs are not short after all, or this one hangs), the waiting ones go back to the coordinator for other
    /// workers, at no cost to their attempts, instead of waiting behind it.
    /// </summary>
    /// <summary>Drops the points no job in hand runs (a worker holds at most its slots and prefetch, so this is a short scan).</summary>
    private void ForgetUnusedPoints()
    {
        if (_points.Count == 0) return;
        var used = _held.Values.Select(a => (a.Job.SweepId, a.Job.PointIndex)).ToHashSet();
        foreach (var key in _points.Keys.Where(k => !used.Contains(k)).ToArray())
        {
            _points.Remove(key);
        }
    }

    private void ReleaseStalled()
    {
        if (_queued.Count == 0 || !Stalled)
        {
            return;
        }
        var released = _queued.Select(id => _held[id]).Select(a => new JobAttempt(a.Job.JobId, a.Attempt, a.Job.SweepId)).ToArray();
        foreach (var attempt in released)
        {
            _held.Remove(attempt.JobId);
        }
        _queued.Clear();
        ForgetUnusedPoints();
        _log.Info("Releasing {0} held jobs: a running job has taken longer than {1}", released.Length, _settings.HoldLimit);
        _coordinator.Tell(new ReleaseJobs(_settings.WorkerId, released));
    }

    /// <summary>
    /// Report at once when jobs are slow (nothing is held then, and each result should be known as soon as it
    /// is), when nothing is left to run, when a message is full, or when half of what is held is done and no
    /// request for more is still unanswered; otherwise outcomes gather (see OnFinished).
    /// </summary>
    private bool ReportNow =>
        _prefetch.Current == 0 || _held.Count == 0 || _unreported.Count >= OutcomesPerMessage ||
        (!_awaitingWork && _queued.Count <= _prefetch.Current / 2);

    // Keyed by job and attempt: the sweep an acknowledgement names is routing, not identity.
    private static JobAttempt AttemptOf(IJobOutcome outcome) => new(outcome.JobId, outcome.Attempt);

    // Local-only messages: never serialized, so exempt from serialize-messages checks in tests.
    private sealed record Finished(AssignJob Assignment, JobResult? Result, Exception? Error, TimeSpan Elapsed)
        : INoSerializationVerificationNeeded;

    private sealed class Report : INoSerializationVerificationNeeded
    {
        public static readonly Report Instance = new();
    }

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
