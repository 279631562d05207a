using Akka.Cluster.Sharding;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// Which sweep entity a message is for: the one routing rule of the sharded entities (cluster mode) and of their local
/// parent (<see cref="SweepEntities"/>, the embedded grid). Messages travel as they are, with no envelope: every message
/// for an entity names its sweep.
/// </summary>
public sealed class SweepMessageExtractor(int maxShards = SweepMessageExtractor.Shards) : HashCodeMessageExtractor(maxShards)
{
    /// <summary>Ten shards per coordinator member of a large grid: enough to spread sweeps, few enough to hand over quickly.</summary>
    public const int Shards = 100;

    // ShardRegion.StartEntity (remembered entities) is handled by the base class.
    public override string? EntityId(object message) => SweepIdOf(message);

    /// <summary>The sweep a message is for, or null for one that is for no sweep entity.</summary>
    public static string? SweepIdOf(object message) => message switch
    {
        ISweepCommand command => command.SweepId,
        SubmitSweep submit => submit.Sweep.SweepId,
        GetSweepProgress progress => progress.SweepId,
        GetSweepResults results => results.SweepId,
        CancelSweep cancel => cancel.SweepId,
        RetryFailedJobs retry => retry.SweepId,
        _ => null,
    };
}
