using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Web;

/// <summary>A sweep, configuration or job a request names that the results table does not have (answered 404).</summary>
public sealed class WebNotFoundException(string message) : Exception(message);

/// <summary>
/// Turns what a request could not do into its answer: 404 for something unknown, 400 for a bad filter or parameter, 503
/// naming the database when it is locked or unreachable, 500 otherwise (the details go to the server's log only). Pages
/// get <see cref="ErrorPage"/>, the API a JSON object {"error": …}. Never a stack trace.
/// </summary>
public static class WebErrors
{
    public static async Task Handle(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the browser went away
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var (status, title, message) = e switch
            {
                WebNotFoundException => (404, "Not found", e.Message),
                ResultsQueryException => (400, "Bad request", e.Message),
                BadHttpRequestException => (400, "Bad request", e.Message),
                GridDatabaseException => (503, "Results database unavailable", e.Message),
                _ => (500, "Internal error", "the server failed to answer; its log has the details"),
            };
            if (status == 500)
            {
                context.RequestServices.GetService(typeof(ILogger<ResultsWebServer>)).As<ILogger>()?.LogError(e, "results explorer: {Path} failed", context.Request.Path.Value);
            }
            await Write(context, status, title, message);
        }
    }

    public static Task Write(HttpContext context, int status, string title, string message)
    {
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            return context.Response.WriteAsJsonAsync(new { error = message, status }, WebJson.Options);
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(ErrorPage.Html(status, title, message));
    }

    private static T? As<T>(this object? value) where T : class => value as T;
}
