namespace NmfGrid.Coordinator.Config;

/// <summary>Where a config value came from: a file and line, or a command-line override.</summary>
public sealed record SourceLocation(string Origin, int Line = 0)
{
    public static SourceLocation FromOverride(string text) => new($"override '{text}'");

    public override string ToString() => Line > 0 ? $"{Origin}:{Line}" : Origin;
}
