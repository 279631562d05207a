namespace NmfGrid.Coordinator.Config;

/// <summary>What an override does to its key: set (key must exist), add (+, must not exist), force-add (++), delete (~).</summary>
public enum OverrideKind
{
    Set,
    Add,
    ForceAdd,
    Delete,
}

/// <summary>
/// One parsed command-line override. Choices holds one tuple per candidate value, each with one entry per key:
/// `a=1` has one choice; `a=1,2,3` three; `zip(a,b)=(1,x),(2,y)` two pairs. IsSweep marks sweep syntax,
/// which needs --multirun.
/// </summary>
public sealed record Override(
    OverrideKind Kind,
    IReadOnlyList<string> Keys,
    IReadOnlyList<IReadOnlyList<object?>> Choices,
    bool IsSweep,
    string Text)
{
    /// <summary>Where it was written: the command line, unless <see cref="WrittenAt"/> names a file's line (`sweep.params`).</summary>
    public SourceLocation Where => WrittenAt ?? SourceLocation.FromOverride(Text);

    /// <summary>The file and line of an override written in a config file's `sweep.params`, so errors point there.</summary>
    public SourceLocation? WrittenAt { get; init; }

    /// <summary>This override fixed to its i-th choice (no longer a sweep).</summary>
    public Override Pick(int i) => this with { Choices = [Choices[i]], IsSweep = false };
}
