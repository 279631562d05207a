namespace NmfGrid.Tasks.Pipeline;

/// <summary>A config key is missing, mistyped or out of range (in any section: task, algorithm, dataset, run, report); Key is the full dotted key.</summary>
public sealed class ConfigKeyException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
}
