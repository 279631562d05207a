using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Tests.Reports.Statistics;

public class BootstrapTests
{
    private static double[] Sample(Random random, int n, double mean) =>
        Enumerable.Range(0, n).Select(_ => mean + Gaussian(random)).ToArray();

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void The_same_values_and_seed_give_the_same_interval()
    {
        var values = Sample(new Random(7), 40, 0.3);

        var first = Bootstrap.MeanInterval(values);
        var second = Bootstrap.MeanInterval(values);
        var other = Bootstrap.MeanInterval(values, seed: 1);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        // Another seed moves the ends by resampling noise only.
        Assert.True(Math.Abs(first.Low - other.Low) < 0.05 && Math.Abs(first.High - other.High) < 0.05, $"{first} vs {other}");
        Assert.True(first.Low < values.Average() && values.Average() < first.High);
    }

    [Fact]
    public void The_95_percent_interval_covers_the_true_mean_about_95_times_in_100()
    {
        // 400 synthetic benchmarks of 30 tracks with a true mean difference of 0.5: a percentile interval covers it
        // in about 93-95 % of them at this n (it is slightly narrow for small samples); a wrong interval (say the
        // 50 % one, or one off by a resample's bias) would cover far less or far more.
        var random = new Random(2026);
        var covered = 0;
        const int trials = 400;
        for (var trial = 0; trial < trials; trial++)
        {
            var interval = Bootstrap.MeanInterval(Sample(random, 30, 0.5), resamples: 2000, seed: trial);
            covered += interval.Low <= 0.5 && 0.5 <= interval.High ? 1 : 0;
        }
        Assert.InRange(covered / (double)trials, 0.90, 0.98);
    }

    [Fact]
    public void A_single_value_is_its_own_interval_and_none_is_NaN()
    {
        Assert.Equal(new Interval(0.25, 0.25, 0.95), Bootstrap.MeanInterval([0.25]));
        Assert.True(double.IsNaN(Bootstrap.MeanInterval([]).Low));
    }
}
