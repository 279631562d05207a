namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// Cluster tests start several ActorSystems whose failure detectors expect a heartbeat every second: they run
/// one class at a time and alone (not beside the other test classes), so a loaded 2-core machine does not
/// make a healthy member look dead.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
