using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// The pages: static HTML shells (wwwroot) that draw themselves from the JSON API with Plotly.js. A page that names a
/// sweep, configuration or job the table does not have is a 404 page saying which, before any script runs.
/// </summary>
public static class ResultsPages
{
    public static void Map(IEndpointRouteBuilder app, string root)
    {
        IResult Page(string name) => Results.File(Path.Combine(root, name), "text/html; charset=utf-8");

        app.MapGet("/", () => Page("sweeps.html"));
        app.MapGet("/sweeps/{sweep}", (ResultsReader reader, string sweep) =>
        {
            ResultsApi.Known(reader, sweep);
            return Page("sweep.html");
        });
        app.MapGet("/sweeps/{sweep}/configurations/{point:int}", (ResultsReader reader, string sweep, int point) =>
        {
            ResultsApi.Known(reader, sweep);
            _ = reader.TaskOf(sweep, point) ?? throw new WebNotFoundException($"no configuration {point} in sweep '{sweep}'");
            return Page("configuration.html");
        });
        app.MapGet("/sweeps/{sweep}/jobs/{job}", (ResultsReader reader, string sweep, string job) =>
        {
            _ = reader.Job(ResultsApi.Known(reader, sweep), job) ?? throw new WebNotFoundException($"no job '{job}' in sweep '{sweep}'");
            return Page("job.html");
        });
        app.MapGet("/sweeps/{sweep}/compare", (ResultsReader reader, string sweep) =>
        {
            ResultsApi.Known(reader, sweep);
            return Page("compare.html");
        });
        app.MapGet("/sweeps/{sweep}/ranking", (ResultsReader reader, string sweep) =>
        {
            ResultsApi.Known(reader, sweep);
            return Page("ranking.html");
        });
        app.MapFallback((HttpContext http) => throw new WebNotFoundException($"no page at {http.Request.Path}"));
    }
}
