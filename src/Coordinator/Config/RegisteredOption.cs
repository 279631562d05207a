using NmfGrid.Tasks.Datasets;

namespace NmfGrid.Coordinator.Config;

/// <summary>
/// The option a group takes for a registered name that has no preset file, so a preset stays optional: `dataset=&lt;name&gt;`
/// for a registered dataset is `name: &lt;name&gt;` with its root where the shipped presets keep real datasets,
/// `${env:NMFGRID_DATA,data}/&lt;name&gt;` (a root that does not exist is then reported naming `dataset.root`).
/// </summary>
public static class RegisteredOption
{
    public const string DataRoot = "${env:NMFGRID_DATA,data}";

    /// <summary>The built-in option of <paramref name="group"/> named <paramref name="option"/>, or null when the name is
    /// not registered; <paramref name="lookedFor"/> is the preset file that is absent, named as its source.</summary>
    public static YamlConfigFile? For(string group, string option, string lookedFor)
    {
        if (group != "dataset" || !DatasetRegistry.Names.Contains(option, StringComparer.OrdinalIgnoreCase)) return null;
        var origin = new SourceLocation($"dataset '{option}' (registered; no preset {lookedFor})");
        var root = new ConfigMap { ["name"] = option, ["root"] = $"{DataRoot}/{option}" };
        return new YamlConfigFile(lookedFor, root, new Dictionary<string, SourceLocation> { ["name"] = origin, ["root"] = origin });
    }
}
