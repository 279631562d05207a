namespace NmfGrid.Coordinator.Sweeps;

/// <summary>How the sweep coordinator keeps time and its log.</summary>
public sealed record CoordinatorSettings
{
    public string PersistenceId { get; init; } = "sweep-coordinator";

    public TimeSpan LeaseCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A snapshot every this many events bounds recovery time on long sweeps.</summary>
    public int SnapshotEvery { get; init; } = 1000;

    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}
