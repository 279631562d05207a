using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Reports.Statistics;
using NmfGrid.Coordinator.Tests.Grid;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>
/// The JSON API over a real results table (SQLite here, PostgreSQL when NMFGRID_TEST_POSTGRES is set): paging, sorting and
/// filtering by config keys and metrics done in SQL give what the same question asked of the rows in C# gives, and the
/// comparisons are the report's statistics.
/// </summary>
public sealed class ResultsApiTests
{
    private static readonly (int, int)[] Failed = [(1, 3), (2, 0)];

    [Fact]
    public async Task SQLite_answers_every_view_as_the_rows_do()
    {
        var rows = WebSamples.Rows(failed: Failed);
        await using var server = await ExplorerServer.Start(rows);
        await Check(server, WebSamples.SweepId, rows);
    }

    [PostgresFact]
    public async Task PostgreSQL_answers_every_view_as_the_rows_do()
    {
        var sweep = "sweep-web-" + Guid.NewGuid().ToString("N")[..8]; // other tests share the table: only this sweep's rows are read
        var rows = WebSamples.Rows(sweepId: sweep, failed: Failed);
        var store = ResultsStore.Open(GridPersistenceOptions.Postgres(PostgresFactAttribute.ConnectionString!));
        store.Upsert(rows);
        await using var server = await ExplorerServer.On(store);
        await Check(server, sweep, rows);
    }

    private static async Task Check(ExplorerServer server, string sweep, IReadOnlyList<ResultRow> rows)
    {
        // The sweeps list: counts and each host's share.
        var sweeps = await Json(server, "/api/sweeps");
        var line = sweeps.EnumerateArray().Single(s => s.GetProperty("id").GetString() == sweep);
        Assert.Equal(rows.Count, line.GetProperty("total").GetInt32());
        Assert.Equal(2, line.GetProperty("failed").GetInt32());
        Assert.Equal("finished", line.GetProperty("status").GetString());
        var hostB = line.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("host").GetString() == "host-b");
        Assert.Equal(rows.Count(r => r.Host == "host-b" && r.Status == "succeeded"), hostB.GetProperty("succeeded").GetInt32());

        // The overview: per configuration means, computed in SQL, equal the report's.
        var overview = await Json(server, $"/api/sweeps/{sweep}?means=all");
        Assert.Equal(["algorithm.name", "algorithm.rank"], overview.GetProperty("settingKeys").EnumerateArray().Select(k => k.GetString()));
        var task = overview.GetProperty("tasks").EnumerateArray().Single();
        Assert.Equal("f1", task.GetProperty("headline").GetProperty("metric").GetString());
        var summaries = SweepSummary.Summarise(rows);
        foreach (var c in overview.GetProperty("configurations").EnumerateArray())
        {
            var label = c.GetProperty("configuration").GetString();
            Assert.Equal(summaries.Single(s => s.Configuration == label && s.Metric == "f1").Mean, c.GetProperty("means").GetProperty("f1").GetDouble(), 12);
            Assert.Equal(summaries.Single(s => s.Configuration == label && s.Metric == "recall").Mean, c.GetProperty("means").GetProperty("recall").GetDouble(), 12);
            Assert.Equal(rows.Count(r => r.Configuration == label && r.Status == "failed"), c.GetProperty("failed").GetInt32());
        }

        // Paging in the table's order, then sorted by a metric, then filtered by a config key and a metric.
        var page2 = await Json(server, $"/api/sweeps/{sweep}/results?page=2&size=5");
        Assert.Equal(rows.Count, page2.GetProperty("total").GetInt64());
        Assert.Equal(rows.OrderBy(r => r.Point).ThenBy(r => r.Track, StringComparer.Ordinal).Skip(5).Take(5).Select(r => r.JobId), JobIds(page2));

        var sorted = await Json(server, $"/api/sweeps/{sweep}/results?sort=-metrics.f1&size=1000");
        var expected = rows.OrderByDescending(r => r.Metrics.GetValueOrDefault("f1", double.NaN)).ThenBy(r => r.Point).ThenBy(r => r.Track, StringComparer.Ordinal)
            .Where(r => r.Status == "succeeded").Select(r => r.JobId).ToArray();
        Assert.Equal(expected, JobIds(sorted).Take(expected.Length)); // failed rows (no f1) come last
        Assert.Equal(rows.Count, JobIds(sorted).Count());

        var filter = "filter=" + Uri.EscapeDataString("settings.algorithm.rank>=16") + "&filter=" + Uri.EscapeDataString("metrics.f1>0.5") +
                     "&filter=" + Uri.EscapeDataString("settings.algorithm.name=mu");
        var filtered = await Json(server, $"/api/sweeps/{sweep}/results?{filter}&size=1000");
        var kept = rows.Where(r => int.Parse(r.Settings["algorithm.rank"], CultureInfo.InvariantCulture) >= 16 && r.Metrics.GetValueOrDefault("f1") > 0.5 &&
                                   r.Settings["algorithm.name"] == "mu").Select(r => r.JobId).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(kept);
        Assert.True(kept.Length < rows.Count);
        Assert.Equal(kept, JobIds(filtered).Order(StringComparer.Ordinal));
        var contains = await Json(server, $"/api/sweeps/{sweep}/results?filter={Uri.EscapeDataString("error~CORRUPT")}");
        Assert.Equal(2, contains.GetProperty("total").GetInt64());

        // CSV of the same view: a header and one line per row.
        var (status, csv) = await server.Get($"/api/sweeps/{sweep}/results?{filter}&format=csv");
        Assert.Equal(HttpStatusCode.OK, status);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sweep,job,point,configuration,task,algorithm.name,algorithm.rank,track,status,attempt,f1,precision,recall", lines[0]);
        Assert.Equal(kept.Length + 1, lines.Length);

        // Parquet of the same view: its rows and a metric column as the rows have them (null where a job has none).
        var parquet = await server.Http.GetByteArrayAsync($"/api/sweeps/{sweep}/results?{filter}&format=parquet");
        await using (var reader = await Parquet.ParquetReader.CreateAsync(new MemoryStream(parquet)))
        {
            using var group = reader.OpenRowGroupReader(0);
            Assert.Equal(kept.Length, group.RowCount);
            var f1 = new double?[group.RowCount];
            await group.ReadAsync<double>(reader.Schema.FindDataField("f1"), f1);
            var byJob = rows.ToDictionary(r => r.JobId);
            var jobs = new string[group.RowCount];
            await group.ReadAsync(reader.Schema.FindDataField("job"), jobs);
            Assert.Equal(jobs.Select(j => (double?)byJob[j].Metrics["f1"]), f1);
        }

        // A pair and a ranking: the numbers Reports/Statistics gives for the same rows.
        var scores = ConfigurationScores.From(rows, "f1");
        var pair = await Json(server, $"/api/sweeps/{sweep}/compare?a=0&b=2");
        var expectedPair = PairedComparison.Of(scores[2], scores[0], lowerIsBetter: false);
        var comparison = pair.GetProperty("comparison");
        Assert.Equal(expectedPair.Wilcoxon.PValue, comparison.GetProperty("wilcoxon").GetProperty("pValue").GetDouble(), 14);
        Assert.Equal(expectedPair.MeanDifference, comparison.GetProperty("meanDifference").GetDouble(), 14);
        Assert.Equal(expectedPair.Interval.Low, comparison.GetProperty("interval").GetProperty("low").GetDouble(), 14);
        Assert.Equal((expectedPair.Wins, expectedPair.Losses), (comparison.GetProperty("wins").GetInt32(), comparison.GetProperty("losses").GetInt32()));
        Assert.Equal(expectedPair.Tracks, pair.GetProperty("tracks").GetArrayLength());

        var ranking = await Json(server, $"/api/sweeps/{sweep}/ranking");
        var expectedRanking = MetricComparison.Of(scores, "f1", lowerIsBetter: false, baselinePoint: null)!;
        Assert.Equal(expectedRanking.Friedman.PValue, ranking.GetProperty("friedman").GetProperty("pValue").GetDouble(), 14);
        Assert.Equal(expectedRanking.CriticalDifference, ranking.GetProperty("criticalDifference").GetDouble(), 12);
        Assert.Equal(expectedRanking.Complete.Count, ranking.GetProperty("tracks").GetInt32());

        // One configuration and one job.
        var configuration = await Json(server, $"/api/sweeps/{sweep}/configurations/1");
        Assert.Equal(rows.Count(r => r.Point == 1), configuration.GetProperty("rows").GetArrayLength());
        var job = await Json(server, $"/api/sweeps/{sweep}/jobs/job-1-3");
        Assert.Equal("corrupt audio in MAPS_track_03.wav", job.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("finalLoss").ValueKind); // NaN is null in the API
        Assert.Empty(job.GetProperty("lossHistory").EnumerateArray());
        Assert.False(job.GetProperty("hasFactors").GetBoolean());

        // What the configuration and job pages draw: loss curves, W and H of the first track, the resolved config.
        Assert.Equal(WebSamples.ConfigOf("hals", 16), configuration.GetProperty("resolvedConfig").GetString());
        Assert.Equal(["job-1-0"], configuration.GetProperty("factorTracks").EnumerateArray().Select(t => t.GetProperty("jobId").GetString()));
        Assert.False(configuration.GetProperty("rows")[0].TryGetProperty("lossHistory", out _)); // the rows stay small
        var curves = (await Json(server, $"/api/sweeps/{sweep}/configurations/1/curves")).GetProperty("curves");
        var succeeded = rows.Where(r => r.Point == 1 && r.Status == "succeeded").OrderBy(r => r.Track, StringComparer.Ordinal).ToArray();
        Assert.Equal(succeeded.Select(r => r.Track), curves.EnumerateArray().Select(c => c.GetProperty("track").GetString()));
        Assert.Equal(succeeded[1].LossHistory!, curves[1].GetProperty("loss").EnumerateArray().Select(v => v.GetDouble()));
        var withLoss = await Json(server, $"/api/sweeps/{sweep}/jobs/job-1-0");
        Assert.Equal(101, withLoss.GetProperty("lossHistory").GetArrayLength());
        Assert.True(withLoss.GetProperty("hasFactors").GetBoolean());
        var factors = await Json(server, $"/api/sweeps/{sweep}/jobs/job-1-0/factors");
        Assert.Equal((6, 16, 10), (factors.GetProperty("rows").GetInt32(), factors.GetProperty("rank").GetInt32(), factors.GetProperty("columns").GetInt32()));
        Assert.Equal(5 + 10 * 3, factors.GetProperty("w")[5][3].GetDouble()); // W[i=5, k=3]: bins down, components across
        Assert.Equal(3 + 0.01 * 7 + 1, factors.GetProperty("h")[3][7].GetDouble(), 5); // H[k=3, j=7]: components down, frames across
        var (none, noFactors) = await server.Get($"/api/sweeps/{sweep}/jobs/job-1-1/factors");
        Assert.Equal(HttpStatusCode.NotFound, none);
        Assert.Contains("kept no W and H", noFactors);
    }

    [Fact]
    public async Task Unknown_sweeps_configurations_and_jobs_are_404_pages_that_say_which()
    {
        await using var server = await ExplorerServer.Start(WebSamples.Rows());
        foreach (var (path, message) in new[]
                 {
                     ("/sweeps/no-such-sweep", "no sweep 'no-such-sweep'"),
                     ("/sweeps/sweep-web/configurations/99", "no configuration 99 in sweep 'sweep-web'"),
                     ("/sweeps/sweep-web/jobs/job-x", "no job 'job-x' in sweep 'sweep-web'"),
                     ("/api/sweeps/no-such-sweep", "no sweep 'no-such-sweep'"),
                     ("/api/sweeps/sweep-web/compare?a=0&b=42", "no configuration 42"),
                     ("/no/such/page", "no page at /no/such/page"),
                 })
        {
            var (status, body) = await server.Get(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains(WebUtility.HtmlEncode(message).Replace("&#39;", "'"), body.Replace("&#39;", "'"));
        }
        var (bad, text) = await server.Get("/api/sweeps/sweep-web/results?filter=" + Uri.EscapeDataString("metrics.f1>high"));
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("'high' is not a number", text);
        var (unknown, field) = await server.Get("/api/sweeps/sweep-web/results?sort=colour");
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("unknown field 'colour'", field);
    }

    [Fact]
    public async Task A_database_that_cannot_be_read_is_an_error_page_that_names_it_never_a_stack_trace()
    {
        await using var server = await ExplorerServer.Start(WebSamples.Rows());
        Assert.Equal(HttpStatusCode.OK, (await server.Get("/sweeps/sweep-web")).Status);
        // The file is replaced by something that is no database (a disk swapped under a running server, a wrong file).
        SqliteConnection.ClearAllPools();
        File.WriteAllText(server.Store.Where, new string('x', 8192));
        File.Delete(server.Store.Where + "-wal");
        File.Delete(server.Store.Where + "-shm");
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { "/sweeps/sweep-web", "/api/sweeps/sweep-web/results", "/api/sweeps" })
        {
            var (status, body) = await server.Get(path);
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)status} {body}");
            Assert.Contains(server.Store.Where, body);
            Assert.Contains("not a database", body);
            Assert.DoesNotContain(" at NmfGrid", body);
            Assert.DoesNotContain("Exception", body);
        }
    }

    private static async Task<JsonElement> Json(ExplorerServer server, string path)
    {
        var (status, body) = await server.Get(path);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static IEnumerable<string> JobIds(JsonElement page) => page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("jobId").GetString()!);
}
