using Akka.Actor;
using Akka.Cluster;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>One member as the deciding leader sees it: its address, status, and whether anyone finds it unreachable.</summary>
public sealed record DowningMember(UniqueAddress Address, MemberStatus Status, bool Reachable);

/// <summary>
/// Keep-majority downing, as Akka's split-brain resolver decides it (the side with more Up or Leaving members stays;
/// on a tie the side holding the lowest address; Joining members on the other side counted as possibly Up, and a
/// different answer with them downs all), but without Akka's "indirectly connected" case. Akka calls a member
/// indirectly connected when it both observed someone unreachable and is itself unreachable, and then downs the
/// indirectly connected plus a second keep-majority decision; if that second decision still sees one, it downs
/// every member. A member that crashed a few seconds after another, having observed the first one unreachable, is
/// exactly that: two crashed processes (a node, then the coordinator, 5 s apart) made Akka.NET 1.5.73's resolver down
/// the whole grid ("SBR double DownIndirectlyConnected decision, downing all instead"; docs/operations.md, Chaos runs).
/// Here the unreachable set is the merged view (unreachable from any observer), so members behind one broken link are
/// both counted unreachable and downed by the majority, as Akka's indirectly-connected rule would, and crashed members
/// are simply the minority. Pure: the actor (<see cref="MajorityDowning"/>) supplies the view and carries it out.
/// </summary>
public static class MajorityDecision
{
    /// <summary>The members to down (possibly the deciding side itself, possibly all); empty when no downable member is unreachable.</summary>
    public static IReadOnlyList<UniqueAddress> NodesToDown(IReadOnlyCollection<DowningMember> members)
    {
        var downable = members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Removed)).ToList();
        if (downable.All(m => m.Reachable)) return [];
        var unreachable = downable.Where(m => !m.Reachable).Select(m => m.Address).ToList();
        var reachable = downable.Where(m => m.Reachable).Select(m => m.Address).ToList();
        var all = downable.Select(m => m.Address).ToList();

        // Up and Leaving members are counted, as by Akka's keep-majority.
        var counted = members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).ToList();
        if (counted.Count == 0) return all;
        if (!KeepsThisSide(counted.Count(m => m.Reachable), counted.Count(m => !m.Reachable), counted)) return reachable;

        // The edge case of a membership change during the partition: this side without its Leaving members (they may be
        // Exiting over there), the other side with its Joining and WeaklyUp ones (they may be Up over there).
        var up = members.Where(m => m.Status == MemberStatus.Up).ToList();
        if (up.Count == 0) return all;
        var thisSide = up.Count(m => m.Reachable);
        var otherSide = members.Count(m => !m.Reachable && m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Joining or MemberStatus.WeaklyUp);
        return KeepsThisSide(thisSide, otherSide, up) ? unreachable : all;
    }

    /// <summary>More members here, or as many and the lowest address among <paramref name="counted"/> is here.</summary>
    private static bool KeepsThisSide(int here, int there, IReadOnlyCollection<DowningMember> counted)
    {
        if (here != there) return here > there;
        var lowest = counted.MinBy(m => m.Address.Address, AddressOrder.Instance);
        return lowest is { Reachable: true };
    }

    private sealed class AddressOrder : IComparer<Address>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(Address? x, Address? y) => x is null || y is null ? Comparer<object>.Default.Compare(x, y) : x.CompareTo(y);
    }
}
