using Akka.Actor;
using Akka.Pattern;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The coordinator singleton under a backoff supervisor. Akka.Persistence stops a persistent actor whose journal write
/// or recovery fails, and a cluster singleton that stops is not started again: a journal briefly unreachable (PostgreSQL
/// restarted) left the cluster without a coordinator until a coordinator process was restarted by hand (found by the
/// chaos test, docs/operations.md). The supervisor starts it again after <see cref="MinBackoff"/>, doubling up to
/// <see cref="MaxBackoff"/> while the journal stays unreachable; it recovers from the log as after any restart.
/// It retries without limit (-1): a coordinator member has no other use. Messages that arrive meanwhile are dropped: workers resend their results and heartbeats, clients ask again.
/// </summary>
public static class CoordinatorBackoff
{
    public static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);

    /// <summary>The supervisor's props: it starts <paramref name="coordinator"/> as its child <paramref name="name"/> and forwards every message to it.</summary>
    public static Props Props(Props coordinator, string name) =>
        BackoffSupervisor.Props(Backoff.OnStop(coordinator, name, MinBackoff, MaxBackoff, randomFactor: 0.2, maxNrOfRetries: -1));
}
