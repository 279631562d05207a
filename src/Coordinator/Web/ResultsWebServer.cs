using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// The results explorer: Kestrel serving the pages and the JSON API over a results table, in a generic host set up like
/// <see cref="GridHost"/> (console logging at the command's level). It runs alone (`nmfgrid serve`) or beside a grid in
/// the same process (`run --serve`, `coordinator --serve`), reading only the results table, which the results projector
/// keeps up to date. ASP.NET Core's own request logging stays at warnings, so no URL (and no ?token=) reaches a log.
/// </summary>
public sealed class ResultsWebServer : IAsyncDisposable
{
    private readonly IHost _host;

    private ResultsWebServer(IHost host, WebSettings settings, Uri url, bool actions)
    {
        _host = host;
        Settings = settings;
        Url = url;
        Actions = actions;
    }

    /// <summary>Whether it runs beside a grid that its actions (cancel, retry) reach.</summary>
    public bool Actions { get; }

    public WebSettings Settings { get; }

    /// <summary>Where it listens, with the port Kestrel picked when asked for 0.</summary>
    public Uri Url { get; }

    /// <summary>The folder the pages and scripts are served from (copied beside nmfgrid.dll by the build).</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <param name="grid">The grid the actions (cancel, retry) go to; none: the explorer only reads.</param>
    public static async Task<ResultsWebServer> Start(WebSettings settings, ResultsStore store, LogLevel logLevel = LogLevel.Warning,
                                                     Action<ILoggingBuilder>? logging = null, IGridClient? grid = null)
    {
        var host = new HostBuilder()
            .ConfigureLogging(builder =>
            {
                builder.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel)
                    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
                logging?.Invoke(builder);
            })
            .ConfigureWebHost(web => web
                .UseKestrel(kestrel => kestrel.Listen(settings.Bind, settings.Port))
                .ConfigureServices(services =>
                {
                    services.AddRouting();
                    services.AddSingleton(settings);
                    services.AddSingleton(new ResultsReader(store));
                    services.AddSingleton(new SweepActions(grid));
                    services.AddSingleton<SweepWatch>();
                    services.AddHostedService(provider => provider.GetRequiredService<SweepWatch>());
                })
                .Configure(app =>
                {
                    app.Use(WebErrors.Handle);
                    app.Use(new TokenGate(settings).Invoke);
                    app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Root), RequestPath = "/static" });
                    app.UseRouting();
                    app.UseEndpoints(endpoints =>
                    {
                        ResultsApi.Map(endpoints);
                        SweepActions.Map(endpoints);
                        ResultsPages.Map(endpoints, Root);
                    });
                }))
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch (IOException e)
        {
            host.Dispose();
            throw new WebSettingsException($"cannot listen on {settings.UrlHost(settings.Port)}: {e.Message}");
        }
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "[::1]")).Port;
        return new ResultsWebServer(host, settings, new Uri($"http://{settings.UrlHost(port)}/"), grid is not null);
    }

    /// <summary>
    /// The lines a command prints once on its console (never through a logger): the address, and the token when it
    /// was generated, in the address off loopback (where reading needs it) or for actions on loopback.
    /// </summary>
    public void Announce(TextWriter console)
    {
        if (!Settings.Loopback)
        {
            console.WriteLine($"Results explorer: {Url}?{TokenGate.Query}={(Settings.TokenGenerated ? Settings.Token : "…")} (every request needs the token)");
            return;
        }
        console.WriteLine($"Results explorer: {Url}");
        if (Settings.TokenGenerated && Actions)
        {
            console.WriteLine($"Token for actions (cancel, retry): {Settings.Token}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(5));
        _host.Dispose();
    }
}
