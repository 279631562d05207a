using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Reports.Statistics;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// The JSON API behind every page (docs/api.md): sweeps, one sweep's overview and results view, a configuration, a job,
/// a pair of configurations, a ranking, the live stream. Table views answer CSV with ?format=csv.
/// </summary>
public static class ResultsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/sweeps", async (HttpContext http, SweepWatch watch) =>
        {
            var current = watch.Refresh();
            if (current.Error is { } error)
            {
                throw new Persistence.GridDatabaseException(error);
            }
            if (Csv(http))
            {
                await WriteCsv(http, "sweeps.csv", csv => CsvTable.Write(csv, current.Sweeps,
                    ["sweep", "tasks", "status", "total", "succeeded", "failed", "running", "pending", "progress", "jobs_per_s", "eta"],
                    s => [s.Id, string.Join("+", s.Tasks), s.Status, s.Total, s.Succeeded, s.Failed, s.Running, s.Pending, s.Progress, s.JobsPerSecond, s.Eta]));
                return;
            }
            await Json(http, current.Sweeps);
        });

        api.MapGet("/api/sweeps/{sweep}", (HttpContext http, ResultsReader reader, string sweep) =>
            Json(http, Overview(reader, sweep, http.Request.Query["means"].ToString() == "all")));

        api.MapGet("/api/sweeps/{sweep}/configurations", async (HttpContext http, ResultsReader reader, string sweep) =>
        {
            var overview = Overview(reader, sweep, allMeans: true);
            if (!Csv(http))
            {
                await Json(http, overview.Configurations);
                return;
            }
            var metrics = overview.Tasks.SelectMany(t => t.Metrics).Distinct().Order(StringComparer.Ordinal).ToArray();
            await WriteCsv(http, $"{sweep}-configurations.csv", csv => CsvTable.Write(csv, overview.Configurations,
                ["point", "configuration", "task", .. overview.SettingKeys, "jobs", "succeeded", "failed", "mean_total_s", .. metrics.Select(m => "mean_" + m)],
                c => [c.Point, c.Configuration, c.Task, .. overview.SettingKeys.Select(k => c.Settings.GetValueOrDefault(k)), c.Jobs, c.Succeeded, c.Failed,
                      c.MeanSeconds, .. metrics.Select(m => c.Means.TryGetValue(m, out var v) ? (object)v : null)]));
        });

        api.MapGet("/api/sweeps/{sweep}/results", async (HttpContext http, ResultsReader reader, string sweep) =>
        {
            var query = Query(http);
            if (http.Request.Query["format"].ToString() == "parquet")
            {
                var overview = Overview(reader, sweep);
                var metrics = overview.Tasks.SelectMany(t => t.Metrics).Distinct().Order(StringComparer.Ordinal).ToArray();
                http.Response.ContentType = "application/vnd.apache.parquet";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{sweep}-results.parquet\"";
                await ParquetTable.Write(http.Response.Body, overview.SettingKeys, metrics, reader.All(sweep, query), http.RequestAborted);
                return;
            }
            if (Csv(http))
            {
                var overview = Overview(reader, sweep);
                var metrics = overview.Tasks.SelectMany(t => t.Metrics).Distinct().Order(StringComparer.Ordinal).ToArray();
                await WriteCsv(http, $"{sweep}-results.csv", csv => CsvTable.WriteRows(csv, overview.SettingKeys, metrics, reader.All(sweep, query)));
                return;
            }
            Known(reader, sweep);
            await Json(http, reader.Page(sweep, query));
        });

        api.MapGet("/api/sweeps/{sweep}/configurations/{point:int}", (HttpContext http, ResultsReader reader, string sweep, int point) =>
            Json(http, Configuration(reader, sweep, point)));

        api.MapGet("/api/sweeps/{sweep}/configurations/{point:int}/curves", (HttpContext http, ResultsReader reader, string sweep, int point) =>
        {
            Configuration(reader, sweep, point); // 404 for an unknown sweep or configuration
            return Json(http, new { curves = reader.Curves(sweep, point) });
        });

        api.MapGet("/api/sweeps/{sweep}/jobs/{job}", (HttpContext http, ResultsReader reader, string sweep, string job) =>
        {
            var row = reader.Job(Known(reader, sweep), job) ?? throw new WebNotFoundException($"no job '{job}' in sweep '{sweep}'");
            var trace = reader.Trace(sweep, job);
            // The row as the results view shows it, with what only this page draws.
            var answer = JsonSerializer.SerializeToNode(row, WebJson.Options)!.AsObject();
            answer["lossHistory"] = JsonSerializer.SerializeToNode(trace?.Loss ?? [], WebJson.Options);
            answer["hasFactors"] = trace?.Factors is not null;
            answer["log"] = JsonSerializer.SerializeToNode(reader.Log(sweep, job), WebJson.Options);
            return Json(http, answer);
        });

        api.MapGet("/api/sweeps/{sweep}/jobs/{job}/factors", (HttpContext http, ResultsReader reader, string sweep, string job) =>
        {
            var trace = reader.Trace(Known(reader, sweep), job) ?? throw new WebNotFoundException($"no job '{job}' in sweep '{sweep}'");
            var factors = trace.Factors ?? throw new WebNotFoundException($"job '{job}' kept no W and H (only the first track of each dataset does, once it succeeded)");
            return Json(http, FactorsView.Of(job, factors));
        });

        api.MapGet("/api/sweeps/{sweep}/jobs/{job}/stems", (HttpContext http, ResultsReader reader, string sweep, string job) =>
        {
            var (row, folder) = Stems(reader, sweep, job);
            var names = folder?.Stems() ?? [];
            var reason = folder is null ? "the sweep kept no stems (set task.write_audio_to to keep them)"
                : names.Count == 0 ? $"no stem in {folder.Path} on this machine (the job has not run, or ran where this folder is not shared)"
                : "";
            var baseUrl = $"/api/sweeps/{Uri.EscapeDataString(sweep)}/jobs/{Uri.EscapeDataString(row.JobId)}/stems/";
            return Json(http, new
            {
                folder = folder?.Path,
                // The folder is the track's: every configuration that writes stems for this track writes there, the last one's stay.
                stems = names.Select(n => new { name = n, url = baseUrl + Uri.EscapeDataString(n) }).ToArray(),
                reason,
            });
        });

        api.MapGet("/api/sweeps/{sweep}/jobs/{job}/stems/{*file}", (ResultsReader reader, string sweep, string job, string file) =>
        {
            var (_, folder) = Stems(reader, sweep, job);
            var path = folder?.File(file) ?? throw new WebNotFoundException($"no stem '{file}' of job '{job}' in sweep '{sweep}'");
            return Results.File(path, "audio/wav", enableRangeProcessing: true);
        });

        api.MapGet("/api/sweeps/{sweep}/compare", (HttpContext http, ResultsReader reader, string sweep) => Json(http, Compare(http, reader, sweep)));

        api.MapGet("/api/sweeps/{sweep}/ranking", async (HttpContext http, ResultsReader reader, string sweep) =>
        {
            var ranking = Ranking(http, reader, sweep);
            if (!Csv(http))
            {
                await Json(http, ranking);
                return;
            }
            await WriteCsv(http, $"{sweep}-ranking.csv", csv => CsvTable.Write(csv, ranking.Ranking,
                ["rank", "point", "configuration", "average_rank", "mean", "tracks"],
                r => [ranking.Ranking.ToList().IndexOf(r) + 1, r.Point, r.Configuration, r.AverageRank, r.Mean, r.Tracks]));
        });

        api.MapGet("/api/events", Events);
    }

    private static SweepOverview Overview(ResultsReader reader, string sweep, bool allMeans = false) =>
        reader.Overview(sweep, allMeans) ?? throw new WebNotFoundException($"no sweep '{sweep}' in the results table at {reader.Where}");

    internal static string Known(ResultsReader reader, string sweep) =>
        reader.Sweep(sweep) is null ? throw new WebNotFoundException($"no sweep '{sweep}' in the results table at {reader.Where}") : sweep;

    internal static ConfigurationView Configuration(ResultsReader reader, string sweep, int point)
    {
        var rows = reader.Configuration(Known(reader, sweep), point);
        if (rows.Count == 0)
        {
            throw new WebNotFoundException($"no configuration {point} in sweep '{sweep}'");
        }
        var summaries = SweepSummary.Summarise(rows);
        var metrics = summaries.Select(s => s.Metric).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new ConfigurationView(sweep, point, rows[0].Configuration, rows[0].Task, rows[0].Settings,
                                     SweepSummary.HeadlineOf(rows[0].Task, metrics), summaries, rows)
        {
            ResolvedConfig = reader.ResolvedConfig(sweep, point),
            FactorTracks = reader.FactorTracks(sweep, point),
        };
    }

    private static (ResultRow Row, StemFolder? Folder) Stems(ResultsReader reader, string sweep, string job)
    {
        var row = reader.Job(Known(reader, sweep), job) ?? throw new WebNotFoundException($"no job '{job}' in sweep '{sweep}'");
        return (row, row.Task == "separation" ? StemFolder.Of(reader.ResolvedConfig(sweep, row.Point), row.Settings, row.Track) : null);
    }

    private static PairView Compare(HttpContext http, ResultsReader reader, string sweep)
    {
        Known(reader, sweep);
        var a = Point(http, "a");
        var b = Point(http, "b");
        var task = reader.TaskOf(sweep, a) ?? throw new WebNotFoundException($"no configuration {a} in sweep '{sweep}'");
        var taskB = reader.TaskOf(sweep, b) ?? throw new WebNotFoundException($"no configuration {b} in sweep '{sweep}'");
        if (taskB != task)
        {
            throw new ResultsQueryException($"configurations {a} ({task}) and {b} ({taskB}) run different tasks: compare configurations of one task");
        }
        var (metric, lower, declared) = Metric(http, reader, sweep, task);
        var scores = reader.Scores(sweep, task, metric, [a, b]);
        var empty = (int p) => new ConfigurationScores(p, "", new Dictionary<string, double>());
        var scoresA = scores.FirstOrDefault(s => s.Point == a) ?? empty(a);
        var scoresB = scores.FirstOrDefault(s => s.Point == b) ?? empty(b);
        return PairView.Of(task, metric, lower, declared,
                           scoresA.Label.Length > 0 ? scoresA : scoresA with { Label = reader.LabelOf(sweep, a) ?? "" },
                           scoresB.Label.Length > 0 ? scoresB : scoresB with { Label = reader.LabelOf(sweep, b) ?? "" });
    }

    private static RankingView Ranking(HttpContext http, ResultsReader reader, string sweep)
    {
        var overview = Overview(reader, sweep);
        var requested = http.Request.Query["points"].ToString();
        var points = string.IsNullOrWhiteSpace(requested) ? null
            : requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => ParsePoint(p, "points")).ToArray();
        var task = http.Request.Query["task"].ToString() is { Length: > 0 } t ? t
            : points is { Length: > 0 } ? reader.TaskOf(sweep, points[0]) ?? throw new WebNotFoundException($"no configuration {points[0]} in sweep '{sweep}'")
            : overview.Tasks[0].Task;
        if (overview.Tasks.All(x => x.Task != task))
        {
            throw new WebNotFoundException($"no task '{task}' in sweep '{sweep}'");
        }
        var (metric, lower, declared) = Metric(http, reader, sweep, task);
        var comparison = MetricComparison.Of(reader.Scores(sweep, task, metric, points), metric, lower, baselinePoint: null)
                         ?? throw new WebNotFoundException($"fewer than two configurations of {task} in sweep '{sweep}' have a value of {metric} yet");
        return RankingView.Of(task, declared, comparison);
    }

    /// <summary>?metric= (default: the task's headline), its direction from the task when it is the declared headline, else higher is better unless ?lower=true.</summary>
    private static (string Metric, bool Lower, bool Declared) Metric(HttpContext http, ResultsReader reader, string sweep, string task)
    {
        var metrics = reader.Metrics(sweep, task);
        var metric = http.Request.Query["metric"].ToString() is { Length: > 0 } m ? m
            : SweepSummary.HeadlineOf(task, metrics)?.Metric ?? throw new WebNotFoundException($"no job of {task} in sweep '{sweep}' reported a metric yet");
        var headline = SweepSummary.Declared(task);
        var lower = http.Request.Query["lower"].ToString();
        if (lower.Length > 0)
        {
            return (metric, lower is "1" or "true", false);
        }
        return headline is not null && headline.Metric == metric ? (metric, headline.LowerIsBetter, true) : (metric, false, false);
    }

    private static int Point(HttpContext http, string name) => ParsePoint(http.Request.Query[name].ToString(), name);

    private static int ParsePoint(string text, string name) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var point) && point >= 0
            ? point
            : throw new ResultsQueryException($"{name}={text}: expected a configuration's number (0, 1, …)");

    private static ResultsQuery Query(HttpContext http)
    {
        var q = http.Request.Query;
        return ResultsQuery.Parse(q["filter"].Select(f => f ?? ""), q["sort"].ToString(), q["page"].ToString(), q["size"].ToString());
    }

    private static bool Csv(HttpContext http) => http.Request.Query["format"].ToString() == "csv";

    private static Task Json<T>(HttpContext http, T value) => http.Response.WriteAsJsonAsync(value, WebJson.Options);

    private static async Task WriteCsv(HttpContext http, string name, Func<TextWriter, Task> write)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await using var csv = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 1 << 16);
        await write(csv);
    }

    /// <summary>Server-sent events: "sweeps" with the list whenever a count changes, "database" when it cannot be read; a comment every 15 s keeps proxies from closing it.</summary>
    private static async Task Events(HttpContext http, SweepWatch watch, IHostApplicationLifetime lifetime)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = watch.Subscribe();
        await http.Response.WriteAsync(": nmfgrid results\n\n", stop.Token);
        await http.Response.Body.FlushAsync(stop.Token);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                wait.CancelAfter(TimeSpan.FromSeconds(15));
                string message;
                try
                {
                    var update = await subscription.Updates.ReadAsync(wait.Token);
                    message = update.Error is { } error
                        ? $"event: database\ndata: {JsonSerializer.Serialize(new { error }, WebJson.Options)}\n\n"
                        : $"event: sweeps\ndata: {JsonSerializer.Serialize(update.Sweeps, WebJson.Options)}\n\n";
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    message = ": still here\n\n";
                }
                await http.Response.WriteAsync(message, stop.Token);
                await http.Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // the page closed, or the server stops
        }
    }
}

/// <summary>
/// A configuration's page: its settings, each metric's summary over its tracks, every one of its jobs, its resolved config
/// (null in a table written before configs were kept) and the jobs that kept a W and H preview.
/// </summary>
public sealed record ConfigurationView(string Sweep, int Point, string Configuration, string Task, IReadOnlyDictionary<string, string> Settings,
                                       Tasks.Pipeline.Headline? Headline, IReadOnlyList<MetricSummary> Summaries, IReadOnlyList<ResultRow> Rows)
{
    /// <summary>The configuration's whole config after defaults and overrides, as JSON (what its jobs ran with).</summary>
    public string? ResolvedConfig { get; init; }

    public IReadOnlyList<JobTrack> FactorTracks { get; init; } = [];

    /// <summary>What the results table does not hold, so the page cannot show it (said on the page).</summary>
    public IReadOnlyList<string> NotInTable { get; } =
    [
        "for separation, a job's estimated stems unless the sweep kept them (task.write_audio_to): see each job's page",
    ];
}
