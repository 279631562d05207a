using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Tests;

/// <summary>A task section as the pipeline takes it: parsed by the task its `name` names, as a sweep does once per point.</summary>
internal static class Parsed
{
    public static ITaskSettings Task(ConfigSection section) =>
        TaskRegistry.Get(section.GetString("name", "") is { Length: > 0 } name
            ? name
            : throw new ArgumentException("a test's task section needs its name to be parsed", nameof(section))).Parse(section);
}
