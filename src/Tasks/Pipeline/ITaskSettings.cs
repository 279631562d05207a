namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// A task's `task:` section, parsed and checked once (<see cref="IMirTask.Parse"/>) into the task's own typed record.
/// A sweep parses each configuration point once, workers once per point, and every stage of every job reads the record.
/// <see cref="Section"/> is the section it came from: cache keys are built from its keys, and errors name them.
/// </summary>
public interface ITaskSettings
{
    ConfigSection Section { get; }

    /// <summary>The record a task expects; another task's settings are a programming error, named.</summary>
    static T Expect<T>(ITaskSettings settings, IMirTask task) where T : ITaskSettings =>
        settings is T typed
            ? typed
            : throw new ArgumentException($"Task '{task.Name}' reads {typeof(T).Name}; got {settings.GetType().Name} (parse the section with this task's Parse).", nameof(settings));
}
