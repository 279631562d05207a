using System.Text.Json;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// A job's resolved config, split into the sections the pipeline reads: `task:`, `algorithm:`, `dataset:` and
/// `run:`. Workers rebuild it from the JSON stored with the job, so a job carries everything it needs.
/// </summary>
public sealed record JobConfig(ConfigSection Task, ConfigSection Algorithm, ConfigSection Dataset, ConfigSection Run)
{
    public static JobConfig FromTree(IReadOnlyDictionary<string, object?> root) => new(
        Section(root, "task"), Section(root, "algorithm"), Section(root, "dataset"), Section(root, "run"));

    public static JobConfig FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (ToTree(document.RootElement) is not IReadOnlyDictionary<string, object?> root)
        {
            throw new ArgumentException("A job config must be a JSON object.", nameof(json));
        }
        return FromTree(root);
    }

    public string TaskName => Task.GetString("name", "");

    public string DatasetName => Dataset.GetString("name", "");

    public string DatasetRoot => Dataset.GetString("root", "");

    private static ConfigSection Section(IReadOnlyDictionary<string, object?> root, string name) =>
        root.TryGetValue(name, out var value) && value is IReadOnlyDictionary<string, object?> map
            ? new ConfigSection(name, map)
            : ConfigSection.Empty(name);

    /// <summary>JSON as the config engine's own value types: maps, lists, string, long, double, bool, null.</summary>
    private static object? ToTree(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => ToTree(p.Value)) as IReadOnlyDictionary<string, object?>,
        JsonValueKind.Array => e.EnumerateArray().Select(ToTree).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
