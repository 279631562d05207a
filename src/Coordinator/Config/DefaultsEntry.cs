namespace NmfGrid.Coordinator.Config;

/// <summary>
/// One entry of a config's defaults list: `_self_`, a plain config merged at the root (`base`), or a group
/// choice (`algorithm: mu`, `optional dataset: maps`, `task@eval: transcription`).
/// </summary>
public sealed record DefaultsEntry(string? Group, string? Option, string? Package, bool Optional, bool IsSelf, SourceLocation Where)
{
    /// <summary>The dotted key the group's content goes under: the package if given, else the group path.</summary>
    public string Target => Package ?? Group!.Replace('/', '.');

    public static IReadOnlyList<DefaultsEntry> Read(ConfigMap root, YamlConfigFile file)
    {
        if (!root.TryGetValue("defaults", out var raw))
        {
            return [];
        }
        var where = file.Locations.GetValueOrDefault("defaults") ?? new SourceLocation(file.Path);
        if (raw is not List<object?> list)
        {
            throw new ConfigException(where, "'defaults' must be a list");
        }
        var entries = new List<DefaultsEntry>();
        foreach (var item in list)
        {
            switch (item)
            {
                case "_self_":
                    entries.Add(new DefaultsEntry(null, null, null, false, true, where));
                    break;
                case string config:
                    entries.Add(new DefaultsEntry(null, config, null, false, false, where));
                    break;
                case ConfigMap { Count: 1 } map:
                    var (key, value) = map.First();
                    var optional = key.StartsWith("optional ", StringComparison.Ordinal);
                    var name = key.Replace("optional ", "").Replace("override ", "").Trim();
                    var at = name.IndexOf('@');
                    var group = at < 0 ? name : name[..at];
                    var package = at < 0 ? null : name[(at + 1)..];
                    if (value is not (string or null))
                    {
                        throw new ConfigException(where, $"defaults entry '{key}' must name one option");
                    }
                    entries.Add(new DefaultsEntry(group, (string?)value, package, optional, false, where));
                    break;
                default:
                    throw new ConfigException(where, $"unsupported defaults entry '{ScalarText.Format(item)}'");
            }
        }
        return entries;
    }
}
