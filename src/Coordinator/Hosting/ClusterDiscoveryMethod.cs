namespace NmfGrid.Coordinator.Hosting;

/// <summary>Where Cluster Bootstrap finds its contact points.</summary>
public enum ClusterDiscoveryMethod
{
    /// <summary>Running pods matching a label selector, read from the Kubernetes API (<see cref="KubernetesPodDiscovery"/>).</summary>
    Kubernetes,

    /// <summary>A fixed list of management endpoints (akka.discovery.config): machines without an orchestrator, and tests.</summary>
    Config,
}
