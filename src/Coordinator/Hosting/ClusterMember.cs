using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// One process's membership of the grid cluster, by role: a coordinator (hosts the <see cref="SweepCoordinator"/>
/// singleton on the shared journal, and the results projector), a node (runs worker actors), or a client's membership
/// (<see cref="ClusterGridClient"/>: `run --cluster`, `status --cluster`). Each role is the same <see cref="GridHost"/>
/// composed of <see cref="GridActors"/> parts, and reaches the coordinator through a singleton proxy, which finds it
/// wherever it runs and holds messages while it moves. Disposing leaves the cluster cleanly.
/// </summary>
public sealed class ClusterMember : IAsyncDisposable
{
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
        settings = settings with { FinishedJobs = settings.FinishedJobs ?? EmbeddedGrid.FinishedJobsIn(database) };
        return Start(cluster, ClusterSettings.CoordinatorRole, logLevel, null, builder => builder
            .WithGridPersistence(database)
            .WithSweepCoordinatorSingleton(settings)
            .WithResultsProjectorSingleton(database, settings.PersistenceId));
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
            .WithSweepCoordinatorProxy()
            .WithWorkerDispatch()
            .WithWorkers(workers, runner, (system, i) =>
            {
                var self = Cluster.Get(system).SelfAddress;
                var settings = new WorkerSettings
                {
                    // Unique per node process: two nodes on one machine must not share a worker id.
                    WorkerId = $"{self.Host}:{self.Port}/worker-{i}",
                    Host = $"{self.Host}:{self.Port}", // host:port tells two nodes on one machine apart in progress lines
                    OutboxDirectory = state?.Worker(i),
                };
                return tune?.Invoke(settings) ?? settings;
            }));
    }

    /// <summary>A short-lived member that runs no jobs and never hosts the coordinator: what a <see cref="ClusterGridClient"/> joins as.</summary>
    public static Task<ClusterMember> StartClient(ClusterSettings cluster, LogLevel logLevel = LogLevel.Warning) =>
        Start(cluster, ClusterSettings.ClientRole, logLevel, null, builder => builder.WithSweepCoordinatorProxy());

    private static async Task<ClusterMember> Start(ClusterSettings cluster, string role, LogLevel logLevel, IDisposable? state,
                                                   Action<AkkaConfigurationBuilder> roleSetup)
    {
        try
        {
            // Every role passes here once, before anything listens: plain TCP off loopback stops it (or, --insecure, warns).
            var insecure = cluster.CheckTransport();
            var host = await GridHost.Start(ClusterSettings.SystemName, logLevel, commandLifetime: false, builder =>
            {
                builder.WithGridCluster(cluster, role);
                roleSetup(builder);
            });
            if (insecure is not null)
            {
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NmfGrid.Cluster").LogWarning("{Warning}", insecure);
            }
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
