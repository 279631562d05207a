namespace NmfGrid.Coordinator.Config;

/// <summary>A config or override is wrong; the message names the file and line, or the override, at fault.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(SourceLocation? where, string message)
        : base(where is null ? message : $"{where}: {message}")
    {
        Where = where;
    }

    public SourceLocation? Where { get; }
}
