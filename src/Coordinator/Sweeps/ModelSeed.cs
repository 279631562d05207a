using System.Globalization;
using NmfGrid.Coordinator.Config;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// A job's random seed, derived from what its model depends on: the resolved config without the `run:` and `report:` sections, the
/// dataset's track selection and the task's prediction and scoring keys (<see cref="IMirTask.PredictionKeys"/>), plus
/// the dataset and track, XOR the sweep's base seed. Two jobs that differ only in how they predict or score get the
/// same seed, hence the same factorisation (which the factors cache then computes once); the job ids still differ.
/// </summary>
public static class ModelSeed
{
    public static int Derive(ConfigMap root, IMirTask task, string datasetName, string trackId, int baseSeed)
    {
        var hash = CanonicalJson.Hash(ModelConfig(root, task), datasetName, trackId);
        var derived = (int)(uint.Parse(hash[..8], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x7fffffff) ^ baseSeed;
        return derived & 0x7fffffff;
    }

    /// <summary>The config without what does not shape the model: `run:`, `report:`, `dataset.tracks` and the task's prediction keys.</summary>
    public static ConfigMap ModelConfig(ConfigMap root, IMirTask task)
    {
        var model = root.Clone();
        model.Remove("run");
        model.Remove("report");
        model.Remove("dataset.tracks", dotted: true);
        foreach (var key in task.PredictionKeys)
        {
            model.Remove("task." + key, dotted: true);
        }
        return model;
    }
}
