using Akka.Actor;
using Akka.Cluster;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Akka's hook for a downing strategy (`akka.cluster.downing-provider-class` in hocon/cluster.conf): <see cref="MajorityDowning"/>
/// with `akka.cluster.split-brain-resolver.stable-after`, the setting's usual place. A singleton on a removed member is
/// started elsewhere stable-after later (the removal margin), as with Akka's resolver, so a side that downed itself
/// has shut its coordinator down before the other side starts one.
/// </summary>
public sealed class MajorityDowningProvider : IDowningProvider
{
    public const string StableAfterKey = "akka.cluster.split-brain-resolver.stable-after";

    private readonly TimeSpan _stableAfter;

    public MajorityDowningProvider(ActorSystem system)
    {
        _stableAfter = system.Settings.Config.GetTimeSpan(StableAfterKey, TimeSpan.FromSeconds(20), allowInfinite: false);
    }

    public MajorityDowningProvider(ActorSystem system, Cluster cluster) : this(system)
    {
    }

    public TimeSpan DownRemovalMargin => _stableAfter;

    public Props DowningActorProps => MajorityDowning.Props(_stableAfter);
}
