using Akka.Actor;
using Akka.Cluster;
using NmfGrid.Coordinator.Hosting;

namespace NmfGrid.Coordinator.Tests.Hosting;

/// <summary>
/// The grid's keep-majority decision on the views that matter: crashes (one, or two a few seconds apart), a clean
/// partition from either side, a tie, and a membership change during a partition. The view is the leader's: a member
/// is unreachable when any observer says so.
/// </summary>
public sealed class MajorityDecisionTests
{
    private static UniqueAddress At(int port) => new(new Address("akka.tcp", "nmfgrid", "127.0.0.1", port), port);

    private static DowningMember Up(int port, bool reachable = true) => new(At(port), MemberStatus.Up, reachable);

    [Fact]
    public void A_node_and_the_coordinator_crashed_seconds_apart_are_downed_and_the_survivors_stay()
    {
        // c1 4001 (crashed after it had seen n2 crash), c2 4002, n1 4101, n2 4102 (crashed), a client 4201.
        // Akka.NET's resolver called c1 "indirectly connected" here and downed all five.
        var view = new[] { Up(4001, reachable: false), Up(4002), Up(4101), Up(4102, reachable: false), Up(4201) };
        Assert.Equal([At(4001), At(4102)], MajorityDecision.NodesToDown(view).Order());
    }

    [Fact]
    public void Restarted_incarnations_still_joining_do_not_change_the_decision()
    {
        var view = new[]
        {
            Up(4001, reachable: false), Up(4002), Up(4101), Up(4102, reachable: false), Up(4201),
            new DowningMember(At(4103), MemberStatus.Joining, true), new DowningMember(At(4003), MemberStatus.Joining, true),
        };
        Assert.Equal([At(4001), At(4102)], MajorityDecision.NodesToDown(view).Order());
    }

    [Fact]
    public void Members_already_down_are_not_downed_again_and_nothing_is_done_when_all_unreachable_are_down()
    {
        var view = new[] { new DowningMember(At(4001), MemberStatus.Down, false), Up(4002), Up(4101), Up(4102, reachable: false) };
        Assert.Equal([At(4102)], MajorityDecision.NodesToDown(view));
        Assert.Empty(MajorityDecision.NodesToDown([new DowningMember(At(4001), MemberStatus.Down, false), Up(4002), Up(4101)]));
        Assert.Empty(MajorityDecision.NodesToDown([Up(4001), Up(4002)]));
    }

    [Fact]
    public void Each_side_of_a_partition_decides_the_same_the_minority_downs_itself()
    {
        // {4001, 4101} | {4002, 4102, 4201}, as each side's leader sees it.
        var small = new[] { Up(4001), Up(4101), Up(4002, false), Up(4102, false), Up(4201, false) };
        var large = new[] { Up(4001, false), Up(4101, false), Up(4002), Up(4102), Up(4201) };
        Assert.Equal([At(4001), At(4101)], MajorityDecision.NodesToDown(small).Order());
        Assert.Equal([At(4001), At(4101)], MajorityDecision.NodesToDown(large).Order());
    }

    [Fact]
    public void On_a_tie_the_side_with_the_lowest_address_stays()
    {
        var withLowest = new[] { Up(4001), Up(4101), Up(4002, false), Up(4102, false) };
        var withoutLowest = new[] { Up(4001, false), Up(4101, false), Up(4002), Up(4102) };
        Assert.Equal([At(4002), At(4102)], MajorityDecision.NodesToDown(withLowest).Order());
        Assert.Equal([At(4002), At(4102)], MajorityDecision.NodesToDown(withoutLowest).Order());
    }

    [Fact]
    public void Unreachable_joining_members_that_may_be_up_over_there_turn_a_narrow_majority_into_down_all()
    {
        // 3 Up here against 2 Up there: a majority, unless the 2 joining over there became Up on their side.
        var view = new[]
        {
            Up(4001), Up(4002), Up(4101), Up(4102, false), Up(4201, false),
            new DowningMember(At(4103), MemberStatus.Joining, false), new DowningMember(At(4202), MemberStatus.WeaklyUp, false),
        };
        Assert.Equal(7, MajorityDecision.NodesToDown(view).Count);
    }
}
