using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>A generic host running one ActorSystem with grid serialization and the given event log, as the coordinator will.</summary>
public sealed class GridHost : IAsyncDisposable
{
    private readonly IHost _host;

    private GridHost(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public static async Task<GridHost> Start(GridPersistenceOptions options)
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("grid-persistence-test", builder => builder
                .AddGridSerialization()
                .WithGridPersistence(options)))
            .Build();
        await host.StartAsync();
        return new GridHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
