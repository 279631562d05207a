using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>The chaos checks fail when they should: a changed metric, a job not succeeded, a job missing, a job never completed in the journal.</summary>
public sealed class ChaosVerdictTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-verdict-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ResultRow Row(string job, double error, string status = "succeeded", string host = "a", double seconds = 1) => new(
        "s", job, 0, "rank=2", "reconstruction", new Dictionary<string, string> { ["algorithm.rank"] = "2" }, "track-" + job, status, 1,
        new Dictionary<string, double> { ["relative_error"] = error }, 60, 1.5, "managed", 1, "", 0, 0, 0, seconds, host, "w");

    [Fact]
    public async Task Each_difference_from_the_undisturbed_run_is_named_and_timings_hosts_and_attempts_are_not_differences()
    {
        var database = GridPersistenceOptions.Sqlite(Path.Combine(_root, "chaos.db"));
        ResultsStore.Open(database).Upsert([
            Row("j1", 0.5, host: "b", seconds: 9) with { Attempt = 3, Worker = "v" },
            Row("j2", 0.6000000001),
            Row("j3", 0.7, status: "failed"),
        ]);
        var problems = await ChaosVerdict.Problems(database, [Row("j1", 0.5), Row("j2", 0.6), Row("j3", 0.7), Row("j4", 0.8)]);

        Assert.DoesNotContain(problems, p => p.StartsWith("job j1:") && !p.Contains("journal"));
        Assert.Contains(problems, p => p.StartsWith("job j2: differs from the undisturbed run") && p.Contains("relative_error=0.6000000001"));
        Assert.Contains(problems, p => p.StartsWith("job j3: failed"));
        Assert.Contains("job j4: no row in nmfgrid_results", problems);
        // Nothing was run, so the journal holds no completion at all.
        Assert.Contains("job j1: completed 0 times in the journal, expected once", problems);
    }
}
