namespace NmfGrid.Tasks.Pipeline;

/// <summary>MIR tasks by name. A new task is one file plus one line here.</summary>
public static class TaskRegistry
{
    private static readonly Dictionary<string, IMirTask> Tasks = new(StringComparer.OrdinalIgnoreCase);

    static TaskRegistry()
    {
        // Built-in tasks, one line each.
        Register(new Reconstruction.ReconstructionTask());
        Register(new Transcription.TranscriptionTask());
        Register(new Separation.SeparationTask());
        Register(new Structure.StructureTask());
    }

    public static IReadOnlyCollection<string> Names => Tasks.Keys.Order(StringComparer.Ordinal).ToArray();

    public static void Register(IMirTask task) => Tasks[task.Name] = task;

    public static IMirTask Get(string name) =>
        Tasks.TryGetValue(name, out var task)
            ? task
            : throw new ArgumentException($"Unknown task '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
