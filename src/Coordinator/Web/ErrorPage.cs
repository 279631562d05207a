using System.Net;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// What a page request that cannot be answered gets: a small HTML page with the status and one sentence naming what
/// is missing or failing (the sweep, the configuration, the database), never a stack trace.
/// </summary>
public static class ErrorPage
{
    public static string Html(int status, string title, string message) => $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} · nmfgrid</title>
        <link rel="stylesheet" href="/static/app.css"></head>
        <body><header><a href="/">nmfgrid results</a></header>
        <main><h1>{status} · {WebUtility.HtmlEncode(title)}</h1><p id="error-message">{WebUtility.HtmlEncode(message)}</p>
        <p><a href="/">All sweeps</a></p></main></body></html>
        """;
}
