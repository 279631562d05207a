using System.Collections.Concurrent;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// MIR tasks by name. A new task is one folder plus one registration: a line below for a built-in one, or
/// <see cref="Register"/> from outside (a test assembly does that) before the sweep is built.
/// </summary>
public static class TaskRegistry
{
    // Concurrent: a task may be registered while workers look tasks up.
    private static readonly ConcurrentDictionary<string, IMirTask> Tasks = new(StringComparer.OrdinalIgnoreCase);

    static TaskRegistry()
    {
        // Built-in tasks, one line each.
        Register(new Reconstruction.ReconstructionTask());
        Register(new Transcription.TranscriptionTask());
        Register(new Separation.SeparationTask());
        Register(new Structure.StructureTask());
    }

    public static IReadOnlyCollection<string> Names => Tasks.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Makes <paramref name="task"/> selectable as `task.name: &lt;its Name&gt;`. Registering the same type again is a no-op;
    /// a name another type already has is refused, naming both.
    /// </summary>
    public static void Register(IMirTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var registered = Tasks.GetOrAdd(task.Name, task);
        if (registered.GetType() != task.GetType())
            throw new ArgumentException(
                $"Task name '{task.Name}' ({task.GetType().FullName}) is taken by {registered.GetType().FullName}; give it another Name.", nameof(task));
    }

    public static IMirTask Get(string name) =>
        Tasks.TryGetValue(name, out var task)
            ? task
            : throw new ArgumentException($"Unknown task '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
