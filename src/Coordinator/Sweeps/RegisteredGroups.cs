using NmfGrid.Coordinator.Config;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>The config groups whose options the code supplies (<see cref="RegisteredOptions"/>): algorithms and tasks by their registered names.</summary>
public static class RegisteredGroups
{
    /// <summary>The registered algorithms, for the `algorithm` group, each with its section made by the code (<see cref="NmfSettings.DefaultSection"/>).</summary>
    public static RegisteredOptions Algorithms { get; } =
        new("algorithm", "registered algorithms", () => NmfSettings.RegisteredAlgorithms, NmfSettings.DefaultSection);

    /// <summary>The registered tasks, for the `task` group: `task=&lt;name&gt;` is `task: {name: &lt;name&gt;}`, the task's own defaults read by the task.</summary>
    public static RegisteredOptions Tasks { get; } =
        new("task", "registered tasks", () => TaskRegistry.Names,
            name => TaskRegistry.Names.Contains(name, StringComparer.Ordinal) ? [KeyValuePair.Create<string, object>("name", name)] : null);

    /// <summary>Both, as `nmfgrid run` plans a sweep.</summary>
    public static IReadOnlyList<RegisteredOptions> All { get; } = [Algorithms, Tasks];
}
