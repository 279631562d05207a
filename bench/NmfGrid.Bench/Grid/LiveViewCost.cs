using System.Diagnostics;
using System.Globalization;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Web;
using NmfGrid.Node.Workers;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// `live-view [--jobs 100000] [--rounds 5]`: what an open live page costs the grid's dispatch. Each measurement is five
/// consecutive sweeps of no-op jobs (<see cref="Sweeps"/>) through a fresh embedded grid with its results projector (as `nmfgrid run` builds it, 2 workers, a real SQLite
/// file), timed from the first submit until the coordinator has stored every outcome of the last; "with page" starts the results explorer beside
/// the grid the way `run --serve` does and keeps a client on it that does what an open sweep page does: it listens to
/// /api/events and, on every change of counts, reloads the current sweep's overview, first 50 rows and failed jobs. The two kinds
/// alternate (AB, BA, AB, …) so a change in the machine's load falls on both; medians and ranges of jobs/s are printed.
/// </summary>
public static class LiveViewCost
{
    // The jobs of one measurement go in this many consecutive sweeps: the first sweep's submission makes the results projector
    // write all its rows at once (seconds for a large sweep) before the counts move; from the second on, the projector
    // writes while the grid dispatches and the page reloads every 0.5 s, as on a long sweep.
    private const int Sweeps = 5;

    public static async Task<int> Run(string[] args)
    {
        var jobs = Option(args, "--jobs", 100_000);
        var rounds = Option(args, "--rounds", 5);
        await Measure(jobs / 5, withPage: true, "warm-up"); // JIT of both paths, not counted
        var alone = new List<double>();
        var withPage = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var page in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var (rate, reloads) = await Measure(jobs, page, $"round {round + 1}");
                (page ? withPage : alone).Add(rate);
                var reloaded = page ? $" ({reloads} page reloads)" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1} {(page ? "with page" : "alone    ")}: {rate:0} jobs/s{reloaded}"));
            }
        }
        Console.WriteLine(Summary("alone", alone));
        Console.WriteLine(Summary("with an open live page", withPage));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median with page / median alone: {Median(withPage) / Median(alone):0.000}"));
        return 0;
    }

    private static async Task<(double JobsPerSecond, int Reloads)> Measure(int jobs, bool withPage, string label)
    {
        var folder = Directory.CreateTempSubdirectory("nmfgrid-bench-live-").FullName;
        try
        {
            var database = Path.Combine(folder, "nmfgrid.db");
            var run = new RunSettings(2, "managed", 1, 3, TimeSpan.FromSeconds(120), TimeSpan.FromHours(1),
                                      Path.Combine(folder, "outputs"), Path.Combine(folder, "cache"), database);
            await using var grid = await EmbeddedGrid.Start(run, runner: new NoOpJobRunner(), results: true);
            ResultsWebServer? explorer = null;
            using var stop = new CancellationTokenSource();
            Task<int> client = Task.FromResult(0);
            var sweeps = Enumerable.Range(0, Sweeps).Select(i => SyntheticSweep.Create(jobs / Sweeps, $"live-{label.Replace(' ', '-')}-{i}")).ToArray();
            if (withPage)
            {
                explorer = await ResultsWebServer.Start(WebSettings.Of(null, 0, null, _ => null),
                                                        ResultsStore.Open(GridPersistenceOptions.Sqlite(database)), grid: grid);
                var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                client = Page(new Uri($"http://127.0.0.1:{explorer.Url.Port}/"), sweeps.Select(x => x.SweepId).ToArray(), connected, stop.Token);
                await connected.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the page is open before the sweep starts
            }
            await using var pages = explorer;
            var clock = Stopwatch.StartNew();
            foreach (var sweep in sweeps)
            {
                var finished = SweepCompletion.Watch(grid.System, jobs / Sweeps);
                await grid.Submit(sweep);
                if (await Task.WhenAny(finished, Task.Delay(TimeSpan.FromMinutes(3))) != finished)
                {
                    throw new TimeoutException($"{label}: a sweep of {jobs / Sweeps} no-op jobs did not finish in 3 minutes");
                }
            }
            var seconds = clock.Elapsed.TotalSeconds;
            await stop.CancelAsync();
            var reloads = await client;
            return (jobs / seconds, reloads);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>An open sweep page: the live stream, and on each "sweeps" event the three requests sweep.js makes (loadAll).</summary>
    private static async Task<int> Page(Uri server, IReadOnlyList<string> sweeps, TaskCompletionSource connected, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        var reloads = 0;
        try
        {
            await using var events = await http.GetStreamAsync("api/events", stop);
            using var reader = new StreamReader(events);
            connected.TrySetResult();
            while (!stop.IsCancellationRequested && await reader.ReadLineAsync(stop) is { } line)
            {
                if (line == "event: sweeps")
                {
                    // The page of the sweep running now: the last one the grid has been given that the table shows.
                    var data = await reader.ReadLineAsync(stop) ?? "";
                    var sweep = sweeps.LastOrDefault(s => data.Contains($"\"{s}\"", StringComparison.Ordinal)) ?? sweeps[0];
                    foreach (var request in new[] { $"api/sweeps/{sweep}", $"api/sweeps/{sweep}/results?page=1&size=50", $"api/sweeps/{sweep}/results?filter=status%3Dfailed&size=100" })
                    {
                        using var response = await http.GetAsync(request, stop);
                        await response.Content.ReadAsByteArrayAsync(stop);
                    }
                    reloads++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the sweep finished: the page is closed
        }
        return reloads;
    }

    private static string Summary(string what, IReadOnlyList<double> rates) => string.Create(CultureInfo.InvariantCulture,
        $"{what}: median {Median(rates):0} jobs/s, range {rates.Min():0}–{rates.Max():0} ({rates.Count} sweeps: {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))})");

    private static double Median(IReadOnlyList<double> xs)
    {
        var sorted = xs.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(fallback);
}
