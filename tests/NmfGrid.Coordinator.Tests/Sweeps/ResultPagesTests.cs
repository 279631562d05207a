using System.Text.Json;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Sweeps;

public class ResultPagesTests
{
    /// <summary>A succeeded job as a real sweep records it: a 1.2 kB config, five metrics, a loss history of <paramref name="iterations"/>.</summary>
    private static JobSnapshot Job(int i, int iterations, bool factors = false)
    {
        var random = new Random(i);
        var result = new JobResult(
            new Dictionary<string, double> { ["sdr"] = random.NextDouble(), ["sir"] = random.NextDouble(), ["sar"] = random.NextDouble(),
                                             ["isr"] = random.NextDouble(), ["seconds"] = random.NextDouble() },
            new StageTimings(0.1, 0.2, 0.3, 0.4, 1.0), iterations, random.NextDouble(),
            Enumerable.Range(0, iterations).Select(_ => random.NextDouble() * 1e6).ToArray(), "openblas", 1, "host-a", "host-a/worker-0",
            factors ? new FactorPreview(64, 32, 128, Enumerable.Range(0, 64 * 32).Select(_ => random.NextSingle()).ToArray(),
                                        Enumerable.Range(0, 32 * 128).Select(_ => random.NextSingle()).ToArray()) : null);
        var spec = new JobSpec($"job{i:D6}", "s", i / 50, $"algorithm.rank={i % 50}", "musdb18hq", $"track{i % 50}", i, new string('c', 1200));
        return new JobSnapshot(spec, "Succeeded", 1, 2, "host-a/worker-0", "host-a", null, result, null);
    }

    private static long JsonBytes(IReadOnlyList<JobSnapshot> page) =>
        JsonSerializer.SerializeToUtf8Bytes(new SweepResults("s", 0, page.Count, page), GridSerializer.JsonOptions).LongLength;

    [Theory]
    [InlineData(200, false)]
    [InlineData(2000, false)]
    [InlineData(500, true)]
    public void A_page_of_large_results_stays_within_the_budget_as_JSON(int iterations, bool factors)
    {
        var jobs = Enumerable.Range(0, 3000).Select(i => Job(i, iterations, factors)).ToArray();

        var page = ResultPages.Take(jobs, maxJobs: 10_000);

        Assert.InRange(page.Count, 2, jobs.Length - 1);
        Assert.InRange(JsonBytes(page), ResultPages.MaxBytes / 4, ResultPages.MaxBytes);
        Assert.Equal(jobs.Take(page.Count), page);
    }

    [Fact]
    public void Small_results_fill_a_page_up_to_the_count_asked_for_or_the_budget()
    {
        var jobs = Enumerable.Range(0, 3000).Select(i => Job(i, 10)).ToArray();
        Assert.Equal(1000, ResultPages.Take(jobs, maxJobs: 1000).Count);
        var page = ResultPages.Take(jobs, maxJobs: 10_000);
        Assert.InRange(page.Count, 1001, 2999); // ~2.6 kB each by the estimate: some 1,500 a page, not 100
        Assert.InRange(JsonBytes(page), ResultPages.MaxBytes / 4, ResultPages.MaxBytes);
    }

    [Fact]
    public void A_job_over_the_budget_travels_alone_and_nothing_is_taken_for_zero()
    {
        var jobs = Enumerable.Range(0, 3).Select(i => Job(i, 10)).ToArray();
        Assert.Single(ResultPages.Take(jobs, 10, maxBytes: 100));
        Assert.Empty(ResultPages.Take(jobs, 0));
    }
}
