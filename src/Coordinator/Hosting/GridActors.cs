using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Routing;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The grid's parts as <c>With…</c> steps of an Akka.Hosting builder, each registering what it starts in the
/// <see cref="ActorRegistry"/> under its actor's type. The embedded grid and the cluster roles (coordinator, node,
/// client) are these steps in different combinations (<see cref="EmbeddedGrid"/>, <see cref="ClusterMember"/>).
/// </summary>
public static class GridActors
{
    /// <summary>The singleton's name: its manager is /user/sweep-coordinator, its proxy /user/sweep-coordinator-proxy.</summary>
    public const string CoordinatorName = "sweep-coordinator";

    /// <summary>
    /// Cluster mode: the dispatcher that serves workers on every coordinator member, /user/sweep-dispatcher
    /// (<see cref="DispatcherRole.Workers"/>); nodes reach them through <see cref="WithWorkerDispatch"/>.
    /// </summary>
    public const string DispatcherName = "sweep-dispatcher";

    /// <summary>The results projector's singleton (<see cref="ResultsProjectorActor"/>): /user/results-projector.</summary>
    public const string ResultsProjectorName = "results-projector";

    /// <summary>
    /// The dispatcher as an actor of this process (the embedded grid), with the sweep entities under a local parent
    /// (<see cref="SweepEntities"/>) that it starts.
    /// </summary>
    public static AkkaConfigurationBuilder WithSweepCoordinator(this AkkaConfigurationBuilder builder, CoordinatorSettings settings) =>
        builder.WithActors((system, registry) =>
            registry.Register<SweepCoordinator>(system.ActorOf(SweepCoordinator.Props(settings), CoordinatorName)));

    /// <summary>
    /// The sweep entities placed by Akka.Cluster.Sharding on the coordinator-role members, with remembered entities kept
    /// in the same SQL journal (event-sourced store, no distributed data), so an unfinished sweep starts again after any
    /// crash, and an entity whose journal write failed is started again by its shard (sharding's entity restart backoff).
    /// On every coordinator member a dispatcher for the workers routed to it (<see cref="DispatcherName"/>,
    /// <see cref="DispatcherRole.Workers"/>); and the front for clients and the migration as a cluster singleton on the
    /// same members, under a backoff supervisor (<see cref="CoordinatorBackoff"/>: a singleton that stops is not started
    /// again), with the proxy that reaches it wherever it runs (registered as <see cref="SweepCoordinator"/>). The
    /// entities announce open work to all of them over DistributedPubSub (<see cref="SweepCoordinator.OpenWorkTopic"/>,
    /// the mediator on the coordinator members only).
    /// </summary>
    public static AkkaConfigurationBuilder WithSweepCoordinatorSingleton(this AkkaConfigurationBuilder builder, CoordinatorSettings settings) =>
        builder
            .WithDistributedPubSub(ClusterSettings.CoordinatorRole)
            .WithShardRegion<SweepEntity>(settings.ShardTypeName,
                sweepId => SweepEntity.Props(sweepId, settings, dispatcher: null),
                new SweepMessageExtractor(),
                new ShardOptions
                {
                    Role = ClusterSettings.CoordinatorRole,
                    RememberEntities = true,
                    RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                    StateStoreMode = StateStoreMode.Persistence,
                    HandOffStopMessage = SweepEntity.Stop.Instance,
                })
            .WithActors((system, registry) =>
                system.ActorOf(SweepCoordinator.Props(settings, registry.Get<SweepEntity>(), DispatcherRole.Workers), DispatcherName))
            .WithSingleton<SweepCoordinator>(CoordinatorName,
                (_, registry, _) => CoordinatorBackoff.Props(SweepCoordinator.Props(settings, registry.Get<SweepEntity>(), DispatcherRole.Front,
                                                                                    MemberDispatchers), CoordinatorName),
                new ClusterSingletonOptions { Role = ClusterSettings.CoordinatorRole }, createProxyToo: true);

    /// <summary>The dispatcher of every Up coordinator member (what the front asks for the workers each serves).</summary>
    private static IEnumerable<ICanTell> MemberDispatchers(ActorSystem system) =>
        Cluster.Get(system).State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterSettings.CoordinatorRole))
            .Select(m => system.ActorSelection(new RootActorPath(m.Address) / "user" / DispatcherName));

    /// <summary>
    /// A node's route to the dispatchers (registered as <see cref="WorkerDispatchGroup"/>): Akka.Cluster's group router over
    /// /user/sweep-dispatcher of the Up, reachable coordinator members, each worker to one of them
    /// (<see cref="DispatcherChoice"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithWorkerDispatch(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) =>
        {
            var path = "/user/" + DispatcherName;
            var router = new ClusterRouterGroup(new WorkerDispatchGroup(path),
                new ClusterRouterGroupSettings(totalInstances: 1000, routeesPaths: [path], allowLocalRoutees: false,
                                               useRole: ClusterSettings.CoordinatorRole));
            registry.Register<WorkerDispatchGroup>(system.ActorOf(Props.Empty.WithRouter(router), "sweep-dispatchers"));
        });

    /// <summary>Only the proxy to the coordinator singleton: nodes and clients.</summary>
    public static AkkaConfigurationBuilder WithSweepCoordinatorProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<SweepCoordinator>(CoordinatorName, new ClusterSingletonOptions { Role = ClusterSettings.CoordinatorRole });

    /// <summary>
    /// The results table's writer as a singleton of its own on the coordinator-role members: one writer at a time, and
    /// on hand-over the old one catches up and stops before the new one replays.
    /// </summary>
    public static AkkaConfigurationBuilder WithResultsProjectorSingleton(this AkkaConfigurationBuilder builder, GridPersistenceOptions database,
                                                                         string persistenceId) =>
        builder.WithSingleton<ResultsProjectorActor>(ResultsProjectorName, ResultsProjectorActor.Props(database, persistenceId),
            new ClusterSingletonOptions
            {
                Role = ClusterSettings.CoordinatorRole,
                TerminationMessage = ResultsProjectorActor.StopProjecting.Instance,
            }, createProxyToo: false);

    /// <summary>
    /// <paramref name="count"/> worker actors sharing one runner, pulling from the registered dispatch: the coordinator's
    /// own actor (embedded), or the router to the coordinator members' dispatchers (<see cref="WithWorkerDispatch"/>);
    /// <paramref name="settingsOf"/> gives worker i its id, host and outbox.
    /// </summary>
    public static AkkaConfigurationBuilder WithWorkers(this AkkaConfigurationBuilder builder, int count, IJobRunner runner,
                                                       Func<ActorSystem, int, WorkerSettings> settingsOf) =>
        builder.WithActors((system, registry) =>
        {
            var coordinator = registry.TryGet<WorkerDispatchGroup>(out var dispatch) ? dispatch : registry.Get<SweepCoordinator>();
            for (var i = 0; i < count; i++)
            {
                system.ActorOf(WorkerActor.Props(coordinator, settingsOf(system, i), runner), $"worker-{i}");
            }
        });
}
