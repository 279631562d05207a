namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>A confidence interval [Low, High] at Level (0.95 for 95 %).</summary>
public sealed record Interval(double Low, double High, double Level);

/// <summary>
/// The percentile bootstrap of a mean (Efron &amp; Tibshirani 1993, ch. 13): resample the values with replacement, take
/// each resample's mean, and read the interval off the (1−level)/2 and (1+level)/2 quantiles of those means. The
/// generator is seeded, so the same values always give the same interval.
/// </summary>
public static class Bootstrap
{
    public const int Resamples = 10_000;

    public const int Seed = 0;

    public static Interval MeanInterval(IReadOnlyList<double> values, double level = 0.95, int resamples = Resamples, int seed = Seed)
    {
        if (values.Count == 0)
        {
            return new Interval(double.NaN, double.NaN, level);
        }
        // System.Random with a seed is the same sequence on every platform and .NET version (its legacy algorithm).
        var random = new Random(seed);
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < values.Count; i++)
            {
                sum += values[random.Next(values.Count)];
            }
            means[b] = sum / values.Count;
        }
        Array.Sort(means);
        return new Interval(SampleQuantile.Of(means, (1 - level) / 2), SampleQuantile.Of(means, (1 + level) / 2), level);
    }
}
