namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Joining the cluster without fixed seed nodes: each member serves Akka Management's HTTP endpoint, looks up its
/// peers' endpoints (the contact points) through Akka.Discovery, asks them for the cluster's seed nodes and joins
/// those; if none is a member yet, the contact point with the lowest address starts the cluster once
/// <see cref="RequiredContactPoints"/> of them have been found and answered (Cluster Bootstrap).
/// </summary>
public sealed record ClusterDiscovery
{
    /// <summary>The name looked up; the Kubernetes method puts it in the label selector's {0}.</summary>
    public const string ServiceName = "nmfgrid";

    /// <summary>Akka Management's default port; Kubernetes pods name it "management" (<see cref="KubernetesPortName"/>).</summary>
    public const int DefaultManagementPort = 8558;

    /// <summary>The container port name the Kubernetes method reads each pod's management port from.</summary>
    public const string KubernetesPortName = "management";

    public required ClusterDiscoveryMethod Method { get; init; }

    /// <summary>Kubernetes: the pods that are contact points, e.g. app.kubernetes.io/component=coordinator.</summary>
    public string? PodLabelSelector { get; init; }

    /// <summary>Config: the management endpoints (host:port) of the contact points, the same list on every member.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>
    /// Contact points that must be found before a new cluster is started. Set it to the number of members that start
    /// the cluster (the coordinators): fewer risks two clusters if some start late, more waits for ones that never come.
    /// </summary>
    public int RequiredContactPoints { get; init; } = 1;

    /// <summary>The host this member's management endpoint is known by: as discovery lists it (on Kubernetes, the pod IP).</summary>
    public string? ManagementHost { get; init; }

    public int ManagementPort { get; init; } = DefaultManagementPort;

    /// <summary>A line for the start-up message and for errors.</summary>
    public string Describe() => Method switch
    {
        ClusterDiscoveryMethod.Kubernetes => $"discovery: kubernetes pods '{PodLabelSelector}', {Plural.Count(RequiredContactPoints, "contact point")} to start a cluster",
        _ => $"discovery: config endpoints {string.Join(", ", Endpoints)}, {Plural.Count(RequiredContactPoints, "contact point")} to start a cluster",
    };
}
