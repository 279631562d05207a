using Akka.Actor;
using Akka.Event;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The <see cref="ResultsProjector"/> as an actor, so that a cluster runs it as a singleton on its coordinator
/// members: one writer of the results table at a time, moving with the oldest coordinator. The work stays in
/// <see cref="ResultsProjector"/>; this actor only starts it, restarts it after a failure (a database that was
/// unreachable or locked), and on hand-over stops it after a last catch-up, so that the next coordinator's
/// projector starts only once this one has written its last rows.
/// </summary>
public sealed class ResultsProjectorActor : ReceiveActor, IWithTimers
{
    /// <summary>The singleton's termination message: catch up with the log, then stop.</summary>
    public sealed record StopProjecting
    {
        public static readonly StopProjecting Instance = new();
    }

    private sealed record Retry
    {
        public static readonly Retry Instance = new();
    }

    /// <summary>A projector's stream ended without being asked to (a write failed, or the query stopped).</summary>
    private sealed record Ended(ResultsProjector Projector, Exception? Cause);

    private sealed record CaughtUp
    {
        public static readonly CaughtUp Instance = new();
    }

    /// <summary>The hand-over waits for this actor to stop; a catch-up longer than this is abandoned and left to the successor's replay.</summary>
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);

    private readonly GridPersistenceOptions _database;
    private readonly string _persistenceId;
    private readonly TimeSpan _retryAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ResultsProjector? _projector;

    public ITimerScheduler Timers { get; set; } = null!;

    public ResultsProjectorActor(GridPersistenceOptions database, string persistenceId, TimeSpan retryAfter)
    {
        _database = database;
        _persistenceId = persistenceId;
        _retryAfter = retryAfter;
        Receive<Retry>(_ => Project());
        Receive<Ended>(e =>
        {
            if (e.Projector != _projector) return; // a projector already replaced
            _projector = null;
            _log.Warning("The results table stopped following the event log ({0}); it starts again in {1} s.",
                         e.Cause?.Message ?? "the query ended", _retryAfter.TotalSeconds);
            Timers.StartSingleTimer(Retry.Instance, Retry.Instance, _retryAfter);
        });
        Receive<StopProjecting>(_ =>
        {
            var projector = _projector;
            _projector = null;
            Become(Stopping);
            if (projector is null)
            {
                Context.Stop(Self);
                return;
            }
            projector.StopAsync(StopPatience).PipeTo(Self, Self, () => CaughtUp.Instance, _ => CaughtUp.Instance);
        });
    }

    /// <param name="retryAfter">How long after a failure the projector starts again (default 2 s): the sweep entities
    /// resume within seconds of a journal outage, and a table that waited longer fell behind whole sweeps (the chaos test's
    /// PostgreSQL outage: the sweep finished before the table moved).</param>
    public static Props Props(GridPersistenceOptions database, string persistenceId, TimeSpan? retryAfter = null) =>
        Akka.Actor.Props.Create(() => new ResultsProjectorActor(database, persistenceId, retryAfter ?? TimeSpan.FromSeconds(2)));

    protected override void PreStart() => Project();

    /// <summary>Stopped without a hand-over (the actor system is going down): no catch-up, the next start replays the log.</summary>
    protected override void PostStop() => _projector?.Abort();

    private void Stopping()
    {
        Receive<CaughtUp>(_ => Context.Stop(Self));
        ReceiveAny(_ => { }); // late Ended or Retry of the projector just stopped
    }

    private void Project()
    {
        try
        {
            var projector = ResultsProjector.Start(Context.System, ResultsStore.Open(_database), _persistenceId);
            _projector = projector;
            projector.Completion.PipeTo(Self, Self, () => new Ended(projector, null), e => new Ended(projector, e));
        }
        catch (GridDatabaseException e)
        {
            _log.Warning("The results table cannot be opened ({0}); trying again in {1} s.", e.Message, _retryAfter.TotalSeconds);
            Timers.StartSingleTimer(Retry.Instance, Retry.Instance, _retryAfter);
        }
    }
}
