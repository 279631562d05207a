using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The whole grid in one process: the sweep coordinator on a SQLite event log, and worker actors running the
/// per-track pipeline. The same actors run unchanged on a cluster; only the hosting differs.
/// </summary>
public sealed class EmbeddedGrid : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);
    private readonly IHost _host;

    private EmbeddedGrid(IHost host, IActorRef coordinator, IBlas blas)
    {
        _host = host;
        Coordinator = coordinator;
        Blas = blas;
    }

    public IActorRef Coordinator { get; }

    public IBlas Blas { get; }

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    /// <summary>Starts the coordinator on the run's database; with <paramref name="startWorkers"/>, also the run's workers.</summary>
    public static async Task<EmbeddedGrid> Start(RunSettings run, bool startWorkers = true, CoordinatorSettings? coordinator = null)
    {
        var database = Path.GetFullPath(run.Database);
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(services => services.AddSingleton<IHostLifetime, CommandLifetime>())
            .ConfigureServices(services => services.AddAkka("nmfgrid", builder => builder
                .ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .AddGridSerialization()
                .WithGridPersistence(GridPersistenceOptions.Sqlite(database))))
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var settings = coordinator ?? new CoordinatorSettings { RequeueRunningOnRecovery = true };
        var coordinatorRef = system.ActorOf(SweepCoordinator.Props(settings), "sweep-coordinator");
        var blas = NmfGrid.Compute.LinearAlgebra.Blas.Create(run.Backend, run.BlasThreads);
        var grid = new EmbeddedGrid(host, coordinatorRef, blas);
        if (startWorkers)
        {
            grid.StartWorkers(run, new PipelineJobRunner(blas, new FeatureCache(run.CacheDirectory)));
        }
        return grid;
    }

    public void StartWorkers(RunSettings run, IJobRunner runner)
    {
        for (var i = 0; i < run.Workers; i++)
        {
            System.ActorOf(WorkerActor.Props(Coordinator, new WorkerSettings
            {
                WorkerId = $"{Environment.MachineName}/worker-{i}",
                Slots = 1,
                JobTimeout = run.JobTimeout,
            }, runner), $"worker-{i}");
        }
    }

    public Task<SweepAccepted> Submit(SweepDefinition sweep) => Coordinator.Ask<SweepAccepted>(new SubmitSweep(sweep), AskTimeout);

    /// <summary>The sweep's progress, or null when the log has never seen it.</summary>
    public async Task<SweepProgress?> Progress(string sweepId, CancellationToken cancellation = default) =>
        await Coordinator.Ask<object>(new GetSweepProgress(sweepId), AskTimeout, cancellation) as SweepProgress;

    public Task<LedgerSnapshot> Ledger() => Coordinator.Ask<LedgerSnapshot>(GetLedger.Instance, AskTimeout);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
