using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The whole grid in one process: the sweep coordinator on a SQLite event log, and worker actors running the
/// per-track pipeline. The same actors run unchanged on a cluster; only the hosting differs. Without workers it
/// is also how commands read a log (SQLite, or a cluster's PostgreSQL) to report on it.
/// </summary>
public sealed class EmbeddedGrid : IAsyncDisposable, IGridClient
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);
    private readonly IHost _host;
    private readonly GridPersistenceOptions _database;
    private readonly string _persistenceId;
    private ResultsStore? _results; // opened by Start with results, for the projector

    private EmbeddedGrid(IHost host, IActorRef coordinator, WorkerBlas blas, GridPersistenceOptions database, string persistenceId)
    {
        _host = host;
        _database = database;
        _persistenceId = persistenceId;
        Coordinator = coordinator;
        Blas = blas;
    }

    public IActorRef Coordinator { get; }

    public WorkerBlas Blas { get; }

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    /// <summary>Keeps the results table (read model) in step with the log while the grid runs; null until started.</summary>
    public ResultsProjector? Projector { get; private set; }

    /// <summary>
    /// Starts the coordinator on the run's database (or on <paramref name="log"/> when given); with
    /// <paramref name="startWorkers"/>, also the run's workers (running <paramref name="runner"/>, by default the
    /// per-track pipeline) and, with <paramref name="results"/>, the results projector beside them. With
    /// <paramref name="projectorLater"/> the results table is opened (a locked file still fails here) but its projector
    /// waits for <see cref="StartResults"/>: its start (the read journal, its first queries, mostly JIT compilation)
    /// otherwise shares the cores with the coordinator's recovery and the sweep's submission, on the path to the first
    /// lease (docs/performance.md, "Fixed costs of a run").
    /// </summary>
    public static async Task<EmbeddedGrid> Start(RunSettings run, bool startWorkers = true, CoordinatorSettings? coordinator = null,
                                                 GridPersistenceOptions? log = null, IJobRunner? runner = null, bool results = true,
                                                 bool projectorLater = false)
    {
        var database = log ?? GridPersistenceOptions.Sqlite(Path.GetFullPath(run.Database));
        if (database.Provider == GridDatabaseProvider.Sqlite)
        {
            database = database with { Database = Path.GetFullPath(database.Database) };
            Directory.CreateDirectory(Path.GetDirectoryName(database.Database)!);
        }
        var settings = coordinator ?? new CoordinatorSettings { RequeueRunningOnRecovery = true };
        if (startWorkers && results && settings.FinishedJobs is null)
        {
            settings = settings with { FinishedJobs = FinishedJobsIn(database) };
        }
        var blas = WorkerBlas.Create(run.Backend, run.BlasThreads);
        var host = await GridHost.Start("nmfgrid", LogLevel.Warning, commandLifetime: true, builder =>
        {
            builder.WithGridPersistence(database).WithSweepCoordinator(settings);
            if (startWorkers)
            {
                builder.WithWorkers(run.Workers, runner ?? new PipelineJobRunner(blas, new FeatureCache(run.CacheDirectory)), (_, i) => new WorkerSettings
                {
                    WorkerId = $"{Environment.MachineName}/worker-{i}",
                    Slots = 1,
                    JobTimeout = run.JobTimeout,
                });
            }
        });
        var system = host.Services.GetRequiredService<ActorSystem>();
        var grid = new EmbeddedGrid(host, ActorRegistry.For(system).Get<SweepCoordinator>(), blas, database, settings.PersistenceId);
        if (startWorkers && results)
        {
            try
            {
                grid._results = ResultsStore.Open(database);
                if (!projectorLater)
                {
                    grid.StartResults();
                }
            }
            catch (GridDatabaseException)
            {
                await grid.DisposeAsync(); // e.g. a locked results file: stop the actor system before reporting it
                throw;
            }
        }
        return grid;
    }

    /// <summary>Where a submitted sweep finds jobs other sweeps finished: the results table, opened on first use.</summary>
    internal static Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, string>> FinishedJobsIn(GridPersistenceOptions database)
    {
        var store = new Lazy<ResultsStore>(() => ResultsStore.Open(database));
        return jobIds => store.Value.SucceededIn(jobIds);
    }

    /// <summary>Starts the results projector (see <see cref="ResultsProjector"/>) on the read model next to the log.</summary>
    public ResultsProjector StartResults() =>
        Projector ??= ResultsProjector.Start(System, _results ?? ResultsStore.Open(_database), _persistenceId);

    /// <summary>Empties the results table and rebuilds it from the whole event log.</summary>
    public Task RebuildResults() => ResultsProjector.Rebuild(System, ResultsStore.Open(_database), _persistenceId);

    /// <summary>
    /// Submits the sweep in parts of at most <see cref="PartBytes"/> (estimated as JSON), one after the other, as the
    /// cluster client does for its frames: each part is one journal event, so no event grows with the sweep (a
    /// 1,000,000-job sweep in one event was a 150 MB row, serialised and written at once). The answer counts them all.
    /// </summary>
    public async Task<SweepAccepted> Submit(SweepDefinition sweep)
    {
        var parts = SweepParts.Split(sweep, part => part.Jobs.Sum(ByteBudget.Of) + (part.Points ?? []).Sum(ByteBudget.Of), PartBytes);
        int jobs = 0, done = 0;
        foreach (var part in parts)
        {
            var accepted = await Coordinator.Ask<SweepAccepted>(new SubmitSweep(part), AskTimeout);
            jobs += accepted.Jobs;
            done += accepted.AlreadyDone;
        }
        return new SweepAccepted(sweep.SweepId, jobs, done);
    }

    /// <summary>The estimated size of one part of a submitted sweep (about 16,000 jobs of typical specs).</summary>
    public const long PartBytes = 8L << 20;

    /// <summary>The sweep's progress, or null when the log has never seen it.</summary>
    public Task<SweepProgress?> Progress(string sweepId, CancellationToken cancellation = default) => Progress(sweepId, null, cancellation);

    public async Task<SweepProgress?> Progress(string sweepId, IReadOnlyList<string>? metrics, CancellationToken cancellation = default) =>
        await Coordinator.Ask<object>(new GetSweepProgress(sweepId, metrics), AskTimeout, cancellation) as SweepProgress;

    public async Task<SweepActionDone?> Cancel(string sweepId, string reason, CancellationToken cancellation = default) =>
        await Coordinator.Ask<object>(new CancelSweep(sweepId, reason), AskTimeout, cancellation) as SweepActionDone;

    public async Task<SweepActionDone?> RetryFailed(string sweepId, CancellationToken cancellation = default) =>
        await Coordinator.Ask<object>(new RetryFailedJobs(sweepId), AskTimeout, cancellation) as SweepActionDone;

    public Task<LedgerSnapshot> Results(SweepDefinition sweep) => Ledger();

    /// <summary>
    /// The coordinator is in this process and answers progress from counters it keeps: asking every 50 ms costs
    /// microseconds, and the report starts within 50 ms of the last result (at 200 ms, 0.1 s of every run on average).
    /// </summary>
    public TimeSpan ProgressPoll => TimeSpan.FromMilliseconds(50);

    public Task<LedgerSnapshot> Ledger() => Coordinator.Ask<LedgerSnapshot>(GetLedger.Instance, AskTimeout);

    public async ValueTask DisposeAsync()
    {
        if (Projector is { } results)
        {
            if (!System.WhenTerminated.IsCompleted)
            {
                try
                {
                    // The coordinator answers progress from memory, ahead of its journal: the last catch-up must
                    // see the events still being written.
                    await Coordinator.Ask<AwaitStored>(AwaitStored.Instance, TimeSpan.FromSeconds(10));
                }
                catch (AskTimeoutException)
                {
                    // a coordinator that stopped (failed writes): the table is rebuilt by `nmfgrid report`
                }
            }
            await results.StopAsync();
        }
        await _host.StopAsync();
        _host.Dispose();
    }
}
