using Akka.Actor;
using Akka.Dispatch;
using Akka.Routing;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The routing of a node's workers to the coordinator members' dispatchers (/user/sweep-dispatcher on each, a
/// <see cref="Sweeps.SweepCoordinator"/> in role Workers): used inside Akka.Cluster's <c>ClusterRouterGroup</c>, which keeps
/// the routees to the Up and reachable members of the coordinator role (a member that becomes unreachable or leaves is
/// dropped at once, one that joins is added). Every message a worker sends names it (<see cref="WorkerIdOf"/>), and
/// <see cref="DispatcherChoice"/> picks the member from it, so one worker's messages all go to one dispatcher while
/// the members stay the same. Senders are kept: the dispatcher answers and watches the worker itself.
/// </summary>
public sealed class WorkerDispatchGroup : Group
{
    private readonly string[] _paths;

    public WorkerDispatchGroup(params string[] paths) : base(paths, Dispatchers.DefaultDispatcherId) => _paths = paths;

    public override IEnumerable<string> GetPaths(ActorSystem system) => _paths;

    public override Router CreateRouter(ActorSystem system) => new(new ByWorker());

    public override Akka.Util.ISurrogate ToSurrogate(ActorSystem system) =>
        throw new NotSupportedException("the workers' dispatch router is made in code on each node, never deployed remotely");

    /// <summary>The worker a message of the work protocol comes from; null for any other message.</summary>
    public static string? WorkerIdOf(object message) => message switch
    {
        RegisterWorker r => r.WorkerId,
        RequestWork r => r.WorkerId,
        JobOutcomes o => o.WorkerId,
        JobHeartbeats h => h.WorkerId,
        ReleaseJobs r => r.WorkerId,
        _ => null,
    };

    private sealed class ByWorker : RoutingLogic
    {
        // The routees ordered by their member's address, for the routee array the router last passed. Select runs on the
        // senders' threads (the workers'), so the pair is one object, replaced whole.
        private Ordering _ordered = new([], []);

        public override Routee Select(object message, Routee[] routees)
        {
            if (routees.Length == 0) return Routee.NoRoutee;
            var ordered = _ordered;
            if (!ReferenceEquals(ordered.Of, routees))
            {
                _ordered = ordered = new Ordering(routees, routees.OrderBy(AddressOf, StringComparer.Ordinal).ToArray());
            }
            return ordered.Ordered[WorkerIdOf(message) is { } workerId ? DispatcherChoice.Of(workerId, routees.Length) : 0];
        }

        private sealed record Ordering(Routee[] Of, Routee[] Ordered);

        private static string AddressOf(Routee routee) => routee switch
        {
            ActorSelectionRoutee s => s.Selection.Anchor.Path.Address + s.Selection.PathString,
            ActorRefRoutee r => r.Actor.Path.ToString(),
            _ => routee.ToString() ?? "",
        };
    }
}
