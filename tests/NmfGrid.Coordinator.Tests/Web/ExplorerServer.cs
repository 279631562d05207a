using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Web;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>A results explorer on a free port over a real SQLite results table in a temporary folder (or a given store).</summary>
public sealed class ExplorerServer : IAsyncDisposable
{
    private readonly string? _folder;

    private ExplorerServer(ResultsWebServer server, ResultsStore store, string? folder, HttpClient http)
    {
        Server = server;
        Store = store;
        _folder = folder;
        Http = http;
    }

    public ResultsWebServer Server { get; }

    public ResultsStore Store { get; }

    public HttpClient Http { get; }

    public Uri Url => new($"http://127.0.0.1:{Server.Url.Port}/");

    public static GridPersistenceOptions SqliteIn(string folder) => GridPersistenceOptions.Sqlite(Path.Combine(folder, "nmfgrid.db")) with { BusyTimeout = TimeSpan.FromSeconds(1) };

    public static async Task<ExplorerServer> Start(IReadOnlyList<ResultRow> rows, WebSettings? settings = null, Action<ILoggingBuilder>? logging = null,
                                                   LogLevel level = LogLevel.Warning)
    {
        var folder = Directory.CreateTempSubdirectory("nmfgrid-web-").FullName;
        var store = ResultsStore.Open(SqliteIn(folder));
        store.Upsert(rows);
        return await On(store, settings, logging, level, folder);
    }

    public static async Task<ExplorerServer> On(ResultsStore store, WebSettings? settings = null, Action<ILoggingBuilder>? logging = null,
                                                LogLevel level = LogLevel.Warning, string? folder = null, IGridClient? grid = null)
    {
        settings ??= WebSettings.Of(null, 0, null, _ => null);
        var server = await ResultsWebServer.Start(settings, store, level, logging, grid);
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.Url.Port}/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new ExplorerServer(server, store, folder, http);
    }

    public async Task<(HttpStatusCode Status, string Body)> Get(string path)
    {
        using var response = await Http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
