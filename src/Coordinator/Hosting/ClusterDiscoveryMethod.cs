namespace NmfGrid.Coordinator.Hosting;

/// <summary>Where Cluster Bootstrap finds its contact points.</summary>
public enum ClusterDiscoveryMethod
{
    /// <summary>Pods matching a label selector, read from the Kubernetes API (Akka.Discovery.KubernetesApi).</summary>
    Kubernetes,

    /// <summary>A fixed list of management endpoints (akka.discovery.config): machines without an orchestrator, and tests.</summary>
    Config,
}
