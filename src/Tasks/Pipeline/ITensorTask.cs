namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// A task that can prepare a 3-way tensor (<see cref="TaskInput.Tensor"/>) for the tensor models, and says for which
/// settings it does, so a sweep pairing a tensor model with settings that make none fails before its first job.
/// </summary>
public interface ITensorTask
{
    bool PreparesTensor(ITaskSettings settings);
}
