namespace NmfGrid.Coordinator.Config;

/// <summary>
/// Options of a config group that come from the code rather than from a file in the group's folder: `algorithm=hals`
/// selects the registered algorithm with no benchmarks/algorithm/hals.yaml, its section made by the code, and
/// `task=structure` the registered task with its own defaults. A preset file of the same name wins: presets are named
/// variants. The config engine knows no algorithm or task: the sweep's builder hands it these (Sweeps.RegisteredGroups).
/// </summary>
public sealed class RegisteredOptions(
    string group, string kind, Func<IReadOnlyCollection<string>> names, Func<string, IReadOnlyList<KeyValuePair<string, object>>?> section)
{
    public string Group => group;

    /// <summary>What the names are, for messages ("registered algorithms").</summary>
    public string Kind => kind;

    /// <summary>The names the code answers for now (read each time: a test assembly may register one late).</summary>
    public IReadOnlyCollection<string> Names => names();

    /// <summary>The group content <paramref name="option"/> stands for, or null when it is not one of <see cref="Names"/>.</summary>
    public ConfigMap? Section(string option)
    {
        if (section(option) is not { } entries)
            return null;
        var map = new ConfigMap();
        foreach (var (key, value) in entries)
            map[key] = value;
        return map;
    }
}
