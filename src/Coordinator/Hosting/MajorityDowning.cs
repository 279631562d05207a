using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The grid's split-brain resolver (hocon/cluster.conf, `downing-provider-class`): on the leader, once membership and
/// reachability have not changed for stable-after, it downs what <see cref="MajorityDecision"/> says. Checked every
/// second, like Akka's resolver. Every member runs one; only the leader (of its side) acts.
/// </summary>
public sealed class MajorityDowning : ReceiveActor, IWithTimers
{
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _stableAfter;
    private DateTime _stableFrom = DateTime.UtcNow;

    public MajorityDowning(TimeSpan stableAfter)
    {
        _stableAfter = stableAfter;
        // What resets the wait, as in Akka's resolver: a member Up, Exited or Downed, a reachability change. Joining and
        // leaving members (clients come and go) do not.
        Receive<ClusterEvent.MemberUp>(_ => Unstable());
        Receive<ClusterEvent.MemberExited>(_ => Unstable());
        Receive<ClusterEvent.MemberDowned>(_ => Unstable());
        Receive<ClusterEvent.IReachabilityEvent>(_ => Unstable());
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<Tick>(_ => Decide());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan stableAfter) => Akka.Actor.Props.Create(() => new MajorityDowning(stableAfter));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                           typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromSeconds(1));
        _log.Info("Split-brain resolver: keep-majority (NmfGrid's, crashed members never count as indirectly connected), stable-after {0}", _stableAfter);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Unstable() => _stableFrom = DateTime.UtcNow;

    private void Decide()
    {
        var state = _cluster.State;
        var self = _cluster.SelfUniqueAddress;
        if (!Equals(state.Leader, self.Address) || DateTime.UtcNow - _stableFrom < _stableAfter) return;
        if (state.Members.FirstOrDefault(m => m.UniqueAddress.Equals(self)) is not { Status: MemberStatus.Up or MemberStatus.Leaving }) return;
        var view = state.Members
            .Select(m => new DowningMember(m.UniqueAddress, m.Status, m.UniqueAddress.Equals(self) || !state.Unreachable.Contains(m)))
            .ToList();
        var down = MajorityDecision.NodesToDown(view);
        if (down.Count == 0) return;
        var unreachable = view.Where(m => !m.Reachable).Select(m => m.Address.Address);
        _log.Warning("Split-brain resolver (keep-majority): downing [{0}]{1}; unreachable [{2}] of {3} members",
                     string.Join(", ", down.Select(a => a.Address)), down.Contains(self) ? " including this member" : "",
                     string.Join(", ", unreachable), view.Count);
        // This member last: downing itself shuts it down.
        foreach (var member in down.Where(a => !a.Equals(self))) _cluster.Down(member.Address);
        if (down.Contains(self)) _cluster.Down(self.Address);
        Unstable();
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
