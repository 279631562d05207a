using NmfGrid.Coordinator.Sweeps;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>The dispatcher's turns across sweeps (`run.share`), as a plain class.</summary>
public class OpenSweepsTests
{
    private static string[] Take(OpenSweeps open, int n) => Enumerable.Range(0, n).Select(_ => open.Take()).OfType<string>().ToArray();

    [Fact]
    public void A_small_sweep_behind_a_huge_one_takes_every_other_job_until_it_is_done()
    {
        var open = new OpenSweeps();
        open.Update("huge", 1_000_000, share: 1);
        Assert.Equal(["huge", "huge"], Take(open, 2));
        open.Update("small", 3, share: 1);

        Assert.Equal(["small", "huge", "small", "huge", "small", "huge", "huge"], Take(open, 7));
        Assert.Equal(0, open.PendingOf("small"));
    }

    [Fact]
    public void Shares_of_two_and_one_give_two_jobs_in_three_and_one()
    {
        var open = new OpenSweeps();
        open.Update("a", 100, share: 2);
        open.Update("b", 100, share: 1);

        var taken = Take(open, 30);
        Assert.Equal(20, taken.Count(s => s == "a"));
        Assert.Equal(10, taken.Count(s => s == "b"));
    }

    [Fact]
    public void A_sweep_that_says_it_has_nothing_pending_leaves_the_turns_and_comes_back_when_it_has()
    {
        var open = new OpenSweeps();
        open.Update("a", 2, share: 1);
        open.Update("b", 5, share: 1);
        open.Update("a", 0, share: 1);
        Assert.Equal(["b", "b"], Take(open, 2));
        open.Update("a", 1, share: 1);
        Assert.Equal(["a", "b", "b", "b"], Take(open, 4));
        Assert.Null(open.Take());
    }
}
