using System.Diagnostics;
using System.Globalization;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Web;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// `results-page [--rows 100000] [--postgres]`: fills a results table with one sweep of that many rows (100 configurations,
/// 8 metrics, 3 varying config keys, 1 % failed), starts the results explorer on it, and times what opening the sweep page
/// asks of the server: the page itself, the overview (counts and per-configuration means, aggregated in SQL), the first page
/// of rows and the failed jobs; then a page sorted by a metric, and one filtered by a config key and a metric. The first
/// (cold) opening and the median of 10 are printed. PostgreSQL: NMFGRID_POSTGRES names a disposable database.
/// </summary>
public static class ResultsPageTiming
{
    private const string Sweep = "bench-results-page";

    public static async Task<int> Run(string[] args)
    {
        var rows = args.SkipWhile(a => a != "--rows").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
        var postgres = args.Contains("--postgres");
        var folder = Directory.CreateTempSubdirectory("nmfgrid-bench-web-").FullName;
        try
        {
            var options = postgres
                ? GridPersistenceOptions.Postgres(Environment.GetEnvironmentVariable("NMFGRID_POSTGRES") ?? throw new InvalidOperationException("NMFGRID_POSTGRES is not set"))
                : GridPersistenceOptions.Sqlite(Path.Combine(folder, "nmfgrid.db"));
            var store = ResultsStore.Open(options);
            var fill = Stopwatch.StartNew();
            foreach (var chunk in Rows(rows).Chunk(10_000))
            {
                store.Upsert(chunk);
            }
            Console.WriteLine($"{store.Where}: {rows:N0} rows written in {fill.Elapsed.TotalSeconds:0.0} s");

            await using var server = await ResultsWebServer.Start(WebSettings.Of(null, 0, null, _ => null), store);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Url.Port}/") };
            string[] opening =
            [
                $"sweeps/{Sweep}", $"api/sweeps/{Sweep}", $"api/sweeps/{Sweep}/results?page=1&size=50", $"api/sweeps/{Sweep}/results?filter=status%3Dfailed&size=100",
            ];
            await Time(http, "open the sweep page (page, overview, first 50 rows, failed jobs)", opening);
            foreach (var request in opening)
            {
                await Time(http, "  of which " + request, [request]);
            }
            await Time(http, "rows sorted by a metric (-metrics.f1), page 1", [$"api/sweeps/{Sweep}/results?sort=-metrics.f1&size=50"]);
            await Time(http, "rows filtered by a config key and a metric, page 1",
                       [$"api/sweeps/{Sweep}/results?filter={Uri.EscapeDataString("settings.algorithm.rank>=32")}&filter={Uri.EscapeDataString("metrics.f1>0.6")}&size=50"]);
            await Time(http, "rows of page 1000 (offset 49,950)", [$"api/sweeps/{Sweep}/results?page=1000&size=50"]);
            await Time(http, "sweeps list", ["api/sweeps"]);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task Time(HttpClient http, string what, IReadOnlyList<string> requests)
    {
        var times = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var request in requests)
            {
                using var response = await http.GetAsync(request);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var warm = times.Skip(1).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: first {times[0]:0} ms, median {warm[warm.Length / 2]:0} ms (min {warm[0]:0}, max {warm[^1]:0})"));
    }

    private static IEnumerable<ResultRow> Rows(int count)
    {
        var random = new Random(1);
        string[] metrics = ["f1", "precision", "recall", "accuracy", "onset_f1", "offset_f1", "frame_f1", "overlap"];
        const int configurations = 100;
        var tracks = (count + configurations - 1) / configurations;
        for (var i = 0; i < count; i++)
        {
            var point = i / tracks;
            var track = i % tracks;
            var settings = new Dictionary<string, string>
            {
                ["algorithm.name"] = point % 2 == 0 ? "mu" : "hals",
                ["algorithm.rank"] = (8 << (point % 4)).ToString(CultureInfo.InvariantCulture),
                ["algorithm.beta"] = (point % 5 * 0.5).ToString(CultureInfo.InvariantCulture),
            };
            var label = string.Join(",", settings.Select(s => $"{s.Key}={s.Value}"));
            var failed = random.NextDouble() < 0.01;
            var values = failed ? new Dictionary<string, double>() : metrics.ToDictionary(m => m, _ => random.NextDouble());
            yield return new ResultRow(Sweep, $"job-{point:000}-{track:00000}", point, label, "transcription", settings, $"MAPS_{track:00000}",
                                       failed ? "failed" : "succeeded", failed ? 3 : 1, values, 200, failed ? double.NaN : random.NextDouble() * 1000,
                                       "openblas", 1, failed ? "corrupt audio in MAPS_" + track + ".wav" : "", 0.1, 1.5, 0.3, 1.9,
                                       $"node-{track % 4}", $"node-{track % 4}/worker-0");
        }
    }
}
