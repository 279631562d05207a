namespace NmfGrid.Coordinator.Config;

/// <summary>A config after defaults, group choices, overrides and interpolation: what one job runs with.</summary>
public sealed record ComposedConfig(
    ConfigMap Root,
    IReadOnlyDictionary<string, string?> GroupChoices,
    IReadOnlyDictionary<string, SourceLocation> Locations)
{
    public SourceLocation? LocationOf(string path) => Locations.GetValueOrDefault(path);
}
