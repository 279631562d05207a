using NmfGrid.Compute.Initialisation;

namespace NmfGrid.Compute.Tests;

/// <summary>numpy 1.24's legacy RandomState draws, printed by /usr/bin/python3 (numbers in the comments' calls).</summary>
public class NumpyRandomStateTests
{
    [Fact]
    public void Random_sample_and_randint_follow_numpy()
    {
        // r = RandomState(0); r.random_sample(), r.random_sample(), r.randint(10), r.randint(7), r.randint(1000)
        var r = new NumpyRandomState(0);
        Assert.Equal(0.5488135039273248, r.RandomSample());
        Assert.Equal(0.7151893663724195, r.RandomSample());
        Assert.Equal(3, r.RandInt(10));
        Assert.Equal(3, r.RandInt(7));
        Assert.Equal(707, r.RandInt(1000));

        // r = RandomState(0); [r.randint(10) for _ in range(3)], r.uniform(size=3)
        r = new NumpyRandomState(0);
        Assert.Equal([5L, 0L, 3L], new[] { r.RandInt(10), r.RandInt(10), r.RandInt(10) });
        Assert.Equal([0.8579456176227568, 0.8472517387841254, 0.6235636967859723], new[] { r.RandomSample(), r.RandomSample(), r.RandomSample() });
    }

    [Fact]
    public void Choice_with_probabilities_and_the_stream_past_one_state_refill_follow_numpy()
    {
        // r = RandomState(5); r.choice(10, p=ones(10)/10), r.choice(7, p=ones(7)/7), r.rand()
        var r = new NumpyRandomState(5);
        Assert.Equal(2, r.Choice(Enumerable.Repeat(0.1, 10).ToArray()));
        Assert.Equal(6, r.Choice(Enumerable.Repeat(1.0 / 7, 7).ToArray()));
        Assert.Equal(0.20671915533942642, r.RandomSample());

        // the 1000th random_sample of RandomState(0): 2000 words, three regenerations of the 624-word state
        r = new NumpyRandomState(0);
        double last = 0;
        for (int i = 0; i < 1000; i++) last = r.RandomSample();
        Assert.Equal(0.6771411441114241, last);
    }
}
