using NmfGrid.Coordinator.Config;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>The config groups whose options the code supplies (<see cref="RegisteredOptions"/>): algorithms, tasks and datasets by their registered names.</summary>
public static class RegisteredGroups
{
    /// <summary>The registered algorithms, for the `algorithm` group, each with its section made by the code (<see cref="NmfSettings.DefaultSection"/>).</summary>
    public static RegisteredOptions Algorithms { get; } =
        new("algorithm", "registered algorithms", () => NmfSettings.RegisteredAlgorithms, NmfSettings.DefaultSection);

    /// <summary>The registered tasks, for the `task` group: `task=&lt;name&gt;` is `task: {name: &lt;name&gt;}`, the task's own defaults read by the task.</summary>
    public static RegisteredOptions Tasks { get; } =
        new("task", "registered tasks", () => TaskRegistry.Names,
            name => TaskRegistry.Names.Contains(name, StringComparer.Ordinal) ? [KeyValuePair.Create<string, object>("name", name)] : null);

    /// <summary>Where a registered dataset with no preset is looked for: where the shipped presets keep real datasets.</summary>
    public const string DataRoot = "${env:NMFGRID_DATA,data}";

    /// <summary>
    /// The registered datasets, for the `dataset` group: `dataset=&lt;name&gt;` is `name: &lt;name&gt;` at
    /// `${env:NMFGRID_DATA,data}/&lt;name&gt;` (a root that does not exist is then reported naming `dataset.root`).
    /// </summary>
    public static RegisteredOptions Datasets { get; } =
        new("dataset", "registered datasets", () => DatasetRegistry.Names,
            name => DatasetRegistry.Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } known
                ? [KeyValuePair.Create<string, object>("name", known), KeyValuePair.Create<string, object>("root", $"{DataRoot}/{known}")]
                : null);

    /// <summary>All three, as `nmfgrid run` plans a sweep.</summary>
    public static IReadOnlyList<RegisteredOptions> All { get; } = [Algorithms, Tasks, Datasets];
}
