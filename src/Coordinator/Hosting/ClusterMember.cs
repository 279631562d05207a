using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// One process's membership of the grid cluster, by role: a coordinator (hosts the <see cref="SweepCoordinator"/>
/// singleton on the shared journal), a node (runs worker actors), or a client (`run --cluster`, `status
/// --cluster`: submits and follows sweeps). Every role reaches the coordinator through a singleton proxy, which
/// finds it wherever it runs and holds messages while it moves. Disposing leaves the cluster cleanly.
/// </summary>
public sealed class ClusterMember : IAsyncDisposable, IGridClient
{
    /// <summary>The singleton's name: its manager is /user/sweep-coordinator, its proxy /user/sweep-coordinator-proxy.</summary>
    public const string SingletonName = "sweep-coordinator";

    /// <summary>The results projector's singleton (<see cref="ResultsProjectorActor"/>): /user/results-projector.</summary>
    public const string ResultsSingletonName = "results-projector";

    /// <summary>
    /// A question to the coordinator is asked again after this long without an answer: one sent to a
    /// coordinator that died on the way is lost, while the proxy holds the next one until the successor is up.
    /// Every question is idempotent (a sweep submitted twice is continued, not restarted).
    /// </summary>
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(5);

    /// <summary>Longer than a singleton hand-over (removal of the old member + recovery of the log).</summary>
    private static readonly TimeSpan AskPatience = TimeSpan.FromSeconds(90);

    /// <summary>Most jobs per results page; the coordinator fills a page up to a byte budget (<see cref="ResultPages"/>).</summary>
    private const int ResultsPage = 10_000;

    private readonly IHost _host;
    private readonly IDisposable? _state;

    private ClusterMember(IHost host, IDisposable? state)
    {
        _host = host;
        _state = state;
    }

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public Cluster Cluster => Cluster.Get(System);

    /// <summary>The singleton proxy: messages to the coordinator, wherever it runs.</summary>
    public IActorRef Coordinator => ActorRegistry.For(System).Get<SweepCoordinator>();

    public static Task<ClusterMember> StartCoordinator(ClusterSettings cluster, GridPersistenceOptions database,
                                                       CoordinatorSettings? coordinator = null, LogLevel logLevel = LogLevel.Warning)
    {
        // Workers on other machines keep running their jobs while the singleton moves: after a hand-over the
        // running jobs keep their leases (re-armed), which the workers' heartbeats then extend.
        var settings = (coordinator ?? new CoordinatorSettings { RecoveredLeaseGrace = TimeSpan.FromSeconds(20) }) with { RequeueRunningOnRecovery = false };
        return Start(cluster, ClusterSettings.CoordinatorRole, logLevel, null, builder => builder
            .WithGridPersistence(database)
            .WithSingleton<SweepCoordinator>(SingletonName, SweepCoordinator.Props(settings),
                new ClusterSingletonOptions { Role = ClusterSettings.CoordinatorRole }, createProxyToo: true)
            // The results table's writer is a singleton of its own on the same (oldest) coordinator member: one
            // writer at a time, and on hand-over the old one catches up and stops before the new one replays.
            .WithSingleton<ResultsProjectorActor>(ResultsSingletonName, ResultsProjectorActor.Props(database, settings.PersistenceId),
                new ClusterSingletonOptions
                {
                    Role = ClusterSettings.CoordinatorRole,
                    TerminationMessage = ResultsProjectorActor.StopProjecting.Instance,
                }, createProxyToo: false));
    }

    /// <summary>
    /// A node running <paramref name="workers"/> worker actors with one runner. With a state folder, unacknowledged
    /// outcomes are kept on disk (see <see cref="NodeStateFolder"/>) and resent after a restart.
    /// </summary>
    public static Task<ClusterMember> StartNode(ClusterSettings cluster, int workers, IJobRunner runner, string? stateRoot,
                                                Func<WorkerSettings, WorkerSettings>? tune = null, LogLevel logLevel = LogLevel.Warning)
    {
        var state = stateRoot is null ? null : NodeStateFolder.Claim(stateRoot);
        return Start(cluster, ClusterSettings.WorkerRole, logLevel, state, builder => builder
            .WithSingletonProxy<SweepCoordinator>(SingletonName, new ClusterSingletonOptions { Role = ClusterSettings.CoordinatorRole })
            .WithActors((system, registry) =>
            {
                var coordinator = registry.Get<SweepCoordinator>();
                var self = Cluster.Get(system).SelfAddress;
                for (var i = 0; i < workers; i++)
                {
                    var settings = new WorkerSettings
                    {
                        // Unique per node process: two nodes on one machine must not share a worker id.
                        WorkerId = $"{self.Host}:{self.Port}/worker-{i}",
                        Host = $"{self.Host}:{self.Port}", // host:port tells two nodes on one machine apart in progress lines
                        OutboxDirectory = state?.Worker(i),
                    };
                    system.ActorOf(WorkerActor.Props(coordinator, tune?.Invoke(settings) ?? settings, runner), $"worker-{i}");
                }
            }));
    }

    /// <summary>A short-lived member that submits and follows sweeps; it runs no jobs and never hosts the coordinator.</summary>
    public static Task<ClusterMember> StartClient(ClusterSettings cluster, LogLevel logLevel = LogLevel.Warning) =>
        Start(cluster, ClusterSettings.ClientRole, logLevel, null, builder => builder
            .WithSingletonProxy<SweepCoordinator>(SingletonName, new ClusterSingletonOptions { Role = ClusterSettings.CoordinatorRole }));

    private static async Task<ClusterMember> Start(ClusterSettings cluster, string role, LogLevel logLevel, IDisposable? state,
                                                   Action<AkkaConfigurationBuilder> roleSetup)
    {
        try
        {
            var host = new HostBuilder()
                .ConfigureLogging(logging => logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel))
                .ConfigureServices(services => services.AddAkka(ClusterSettings.SystemName, builder =>
                {
                    builder
                        .ConfigureLoggers(loggers =>
                        {
                            loggers.LogLevel = logLevel switch
                            {
                                <= LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
                                LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
                                LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
                                _ => Akka.Event.LogLevel.ErrorLevel,
                            };
                            loggers.ClearLoggers();
                            loggers.AddLoggerFactory();
                        })
                        .AddGridSerialization()
                        .WithGridCluster(cluster, role);
                    roleSetup(builder);
                }))
                .Build();
            await host.StartAsync();
            return new ClusterMember(host, state);
        }
        catch
        {
            state?.Dispose();
            throw;
        }
    }

    /// <summary>Waits until this member is Up; a member that cannot reach a seed or contact point (or lacks the cluster's certificate) never is.</summary>
    public async Task WaitUntilUp(TimeSpan timeout, CancellationToken cancellation = default)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            await up.Task.WaitAsync(timeout, cancellation);
        }
        catch (TimeoutException)
        {
            throw new ClusterSettingsException(Cluster.Settings.SeedNodes.Count > 0
                ? $"could not join the cluster through {string.Join(", ", Cluster.Settings.SeedNodes)} within {timeout.TotalSeconds:0} s " +
                  "(is a coordinator running there, reachable from here, with the same TLS certificate?)"
                : $"could not join the cluster within {timeout.TotalSeconds:0} s through Cluster Bootstrap " +
                  "(are enough contact points found and answering on their management port, and reachable from here?)");
        }
    }

    /// <summary>
    /// Submits the sweep in as many parts as keep each message within one transport frame (a sweep of
    /// 10,000 jobs with typical configs is about 15 MiB), one after the other; the coordinator merges them.
    /// </summary>
    public Task<SweepAccepted> Submit(SweepDefinition sweep) => Submit(Parts(sweep));

    /// <summary>Submits parts made by <see cref="Parts"/>, one after the other; the answer counts them all.</summary>
    public async Task<SweepAccepted> Submit(IReadOnlyList<SweepDefinition> parts)
    {
        int jobs = 0, done = 0;
        foreach (var part in parts)
        {
            var accepted = await Ask<SweepAccepted>(new SubmitSweep(part));
            jobs += accepted.Jobs;
            done += accepted.AlreadyDone;
        }
        return new SweepAccepted(parts[0].SweepId, jobs, done);
    }

    /// <summary>
    /// The sweep as messages that each fit one transport frame (hocon/cluster.conf's maximum-frame-size, less
    /// room for the remoting envelope): the transport drops a larger one with only a log line. A single job
    /// too large for a frame is refused, naming it and the setting.
    /// </summary>
    public static IReadOnlyList<SweepDefinition> Parts(SweepDefinition sweep)
    {
        var frame = GridCluster.ClusterHocon.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128000;
        const int envelope = 64 * 1024; // manifest, actor paths and the remoting envelope around the payload
        try
        {
            return SweepParts.Split(sweep, part => global::System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
                                                       new SubmitSweep(part), GridSerializer.JsonOptions).LongLength,
                                    frame - envelope);
        }
        catch (ArgumentException e)
        {
            throw new ClusterSettingsException($"{e.Message.Replace(" (Parameter 'sweep')", "")}: raise akka.remote.dot-netty.tcp.maximum-frame-size " +
                                               $"({frame / 1048576.0:0.#} MiB, hocon/cluster.conf)");
        }
    }

    public async Task<SweepProgress?> Progress(string sweepId, CancellationToken cancellation = default) =>
        await Ask<object>(new GetSweepProgress(sweepId), cancellation) as SweepProgress;

    public Task<GridStatus> Status() => Ask<GridStatus>(GetGridStatus.Instance);

    private async Task<T> Ask<T>(object question, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + AskPatience;
        while (true)
        {
            try
            {
                return await Coordinator.Ask<T>(question, AskAgainAfter, cancellation);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
                // the coordinator is moving, or the answer was lost with it: ask again
            }
        }
    }

    /// <summary>The sweep's jobs, read page by page (each within a byte budget) so that no reply nears the transport's frame size.</summary>
    public async Task<LedgerSnapshot> Results(SweepDefinition sweep)
    {
        var jobs = new List<JobSnapshot>(sweep.Jobs.Count);
        while (jobs.Count < sweep.Jobs.Count)
        {
            var page = await Ask<object>(new GetSweepResults(sweep.SweepId, jobs.Count, ResultsPage)) as SweepResults
                       ?? throw new InvalidOperationException($"the coordinator does not know sweep {sweep.SweepId}");
            if (page.Jobs.Count == 0)
            {
                break;
            }
            jobs.AddRange(page.Jobs);
        }
        return new LedgerSnapshot([sweep], jobs);
    }

    /// <summary>
    /// Tests only: the member vanishes as if its machine died. Its transport is shut first, so not even the
    /// death notices of its actors reach the others: they must find it unreachable (failure detector), and the
    /// split-brain resolver must down it, before its workers count as dead. Needs
    /// akka.coordinated-shutdown.run-by-actor-system-terminate = off, or termination would leave gracefully.
    /// </summary>
    public async Task Abort()
    {
        await ((Akka.Remote.RemoteActorRefProvider)((ExtendedActorSystem)System).Provider).Transport.Shutdown();
        await System.Terminate();
        _state?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
            _state?.Dispose();
        }
    }
}
