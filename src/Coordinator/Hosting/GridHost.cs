using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The one way an nmfgrid process hosts its actor system: the generic host, console logging at one level for both
/// .NET and Akka, the grid's serializer, then the parts a role adds (<see cref="GridActors"/>: the coordinator, its
/// proxy, the results projector, workers; persistence; the cluster). The embedded grid and every cluster role are
/// composed here from the same parts, so they cannot drift apart.
/// </summary>
public static class GridHost
{
    /// <summary>
    /// Builds and starts the host. With <paramref name="commandLifetime"/> the command alone handles signals and stops
    /// the host when it is done (<see cref="CommandLifetime"/>); otherwise the console lifetime also stops it on Ctrl-C.
    /// </summary>
    public static async Task<IHost> Start(string systemName, LogLevel logLevel, bool commandLifetime, Action<AkkaConfigurationBuilder> compose)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel))
            .ConfigureServices(services =>
            {
                if (commandLifetime) services.AddSingleton<IHostLifetime, CommandLifetime>();
                services.AddAkka(systemName, builder =>
                {
                    builder
                        .ConfigureLoggers(loggers =>
                        {
                            loggers.LogLevel = AkkaLevel(logLevel);
                            loggers.ClearLoggers();
                            loggers.AddLoggerFactory();
                        })
                        .AddGridSerialization();
                    compose(builder);
                });
            })
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    private static Akka.Event.LogLevel AkkaLevel(LogLevel level) => level switch
    {
        <= LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
        LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
        LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
        _ => Akka.Event.LogLevel.ErrorLevel,
    };
}
