using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

public class ThreadTeamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_part_runs_once_per_run_and_the_run_waits_for_all(int parts)
    {
        using var team = new ThreadTeam(parts);
        var counts = new int[parts];
        var caller = Environment.CurrentManagedThreadId;
        for (var run = 0; run < 2000; run++)
        {
            var seen = new int[parts];
            team.Run(part =>
            {
                if (part == 0)
                    Assert.Equal(caller, Environment.CurrentManagedThreadId);   // part 0 is the caller's
                if (run % 500 == 0)
                    Thread.Sleep(5);                                             // past the spin: the sleeping path
                Interlocked.Increment(ref seen[part]);
            });
            for (var p = 0; p < parts; p++)
            {
                Assert.Equal(1, seen[p]);
                counts[p]++;
            }

            if (run % 700 == 0)
                Thread.Sleep(5);                                                 // the team idle long enough to sleep
        }

        Assert.All(counts, c => Assert.Equal(2000, c));
    }

    [Fact]
    public void Parts_cover_the_range_in_contiguous_runs()
    {
        using var team = new ThreadTeam(3);
        var owner = new int[100];
        team.ForEachPart(owner.Length, (start, count, part) => owner.AsSpan(start, count).Fill(part + 1));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => ThreadTeam.PartOf(0, 3, 100).Count > i ? 1 : i < 66 ? 2 : 3), owner);
    }

    [Fact]
    public void A_part_that_throws_fails_the_run_and_the_team_goes_on()
    {
        using var team = new ThreadTeam(2);
        var failure = Assert.Throws<InvalidOperationException>(() => team.Run(part =>
        {
            if (part == 1)
                throw new InvalidOperationException("part 1");
        }));
        Assert.Equal("part 1", failure.Message);
        var ran = 0;
        team.Run(_ => Interlocked.Increment(ref ran));
        Assert.Equal(2, ran);
    }

    [Fact]
    public void Disposal_ends_the_teams_threads()
    {
        var team = new ThreadTeam(2);
        var worker = 0;
        team.Run(part =>
        {
            if (part == 1)
                worker = Environment.CurrentManagedThreadId;
        });
        team.Dispose();
        Assert.NotEqual(0, worker);
        Assert.Throws<ObjectDisposedException>(() => team.Run(_ => { }));
    }
}
