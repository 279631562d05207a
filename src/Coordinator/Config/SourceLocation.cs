namespace NmfGrid.Coordinator.Config;

/// <summary>Where a config value came from: a file and line, or a command-line override.</summary>
public sealed record SourceLocation(string Origin, int Line = 0)
{
    /// <summary>True for a value typed on the command line (an override), false for one read from a file.</summary>
    public bool IsCommandLine { get; init; }

    public static SourceLocation FromOverride(string text) => new($"override '{text}'") { IsCommandLine = true };

    public override string ToString() => Line > 0 ? $"{Origin}:{Line}" : Origin;
}
