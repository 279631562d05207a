using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Config;

/// <summary>
/// Options of a config group that come from the code rather than from a file in the group's folder: `algorithm=hals`
/// selects the registered algorithm with no benchmarks/algorithm/hals.yaml, its section made by the code
/// (<see cref="NmfSettings.DefaultSection"/>), and `task=structure` the registered task with its own defaults. A preset
/// file of the same name wins: presets are named variants.
/// </summary>
public sealed class RegisteredOptions(
    string group, string kind, Func<IReadOnlyCollection<string>> names, Func<string, IReadOnlyList<KeyValuePair<string, object>>?> section)
{
    /// <summary>The registered algorithms, for the `algorithm` group.</summary>
    public static RegisteredOptions Algorithms { get; } =
        new("algorithm", "registered algorithms", () => NmfSettings.RegisteredAlgorithms, NmfSettings.DefaultSection);

    /// <summary>The registered tasks, for the `task` group: `task=&lt;name&gt;` is `task: {name: &lt;name&gt;}`, the task's own defaults read by the task.</summary>
    public static RegisteredOptions Tasks { get; } =
        new("task", "registered tasks", () => TaskRegistry.Names,
            name => TaskRegistry.Names.Contains(name, StringComparer.Ordinal) ? [KeyValuePair.Create<string, object>("name", name)] : null);

    /// <summary>What <see cref="ConfigComposer"/> uses unless told otherwise.</summary>
    public static IReadOnlyList<RegisteredOptions> Default { get; } = [Algorithms, Tasks];

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
