namespace NmfGrid.Coordinator.Config;

/// <summary>
/// One configuration of a sweep: its position, the overrides that pick it out of the sweep, and the
/// composed config. Id is a hash of the resolved config, so the same settings get the same id in every run.
/// </summary>
public sealed record SweepPoint(int Index, IReadOnlyList<string> Choices, ComposedConfig Config)
{
    public string Id { get; } = CanonicalJson.Hash(Config.Root);

    /// <summary>"algorithm=hals,algorithm.rank=20": the sweep's varying values, for tables and folder names.</summary>
    public string Label => Choices.Count == 0 ? "default" : string.Join(",", Choices);
}
