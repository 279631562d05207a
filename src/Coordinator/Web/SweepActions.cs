using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NmfGrid.Coordinator.Hosting;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// The explorer's actions on a sweep, through the grid it runs beside (<see cref="IGridClient"/>: the embedded grid of
/// `run --serve`, the coordinator member of `coordinator --serve`): cancel it, or put its failed jobs back in the queue.
/// The token gate lets them through only with the token in a header. `nmfgrid serve` reads a table and has no grid: its
/// actions answer 409 naming the commands that can act.
/// </summary>
public sealed class SweepActions(IGridClient? grid)
{
    public bool Available => grid is not null;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/server", (SweepActions actions, WebSettings settings) =>
            Results.Json(new { actions = actions.Available, tokenForReading = settings.TokenForReading }, WebJson.Options));
        api.MapPost("/api/sweeps/{sweep}/cancel", (SweepActions actions, string sweep, HttpContext http) =>
            actions.Run(sweep, (g, ct) => g.Cancel(sweep, "cancelled from the results explorer", ct), http.RequestAborted));
        api.MapPost("/api/sweeps/{sweep}/retry-failed", (SweepActions actions, string sweep, HttpContext http) =>
            actions.Run(sweep, (g, ct) => g.RetryFailed(sweep, ct), http.RequestAborted));
    }

    private async Task<IResult> Run(string sweep, Func<IGridClient, CancellationToken, Task<Messages.SweepActionDone?>> action, CancellationToken cancellation)
    {
        if (grid is null)
        {
            return Results.Json(new
            {
                error = "this server only reads a results table and has no grid to act on: act from `nmfgrid run --serve` or `nmfgrid coordinator --serve`, " +
                        $"or with `nmfgrid cancel|retry {sweep} --cluster …`",
                status = 409,
            }, WebJson.Options, statusCode: StatusCodes.Status409Conflict);
        }
        var done = await action(grid, cancellation) ?? throw new WebNotFoundException($"the grid has no sweep '{sweep}'");
        return Results.Json(done, WebJson.Options);
    }
}
