using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// A task with methods that learn templates from a dataset's training material (MUSDB18's train subset, MAPS's
/// isolated notes) before they factorise a track with those templates fixed. Training happens once per
/// configuration, not once per track: <see cref="Learn"/> stores its dictionary in the cache under a key of
/// everything it depends on, and <see cref="TrackPipeline"/> calls it for every track.
/// </summary>
public interface ISupervisedTask : IMirTask
{
    /// <summary>Whether these settings select a supervised method (false: the unsupervised options, no training).</summary>
    bool IsSupervised(ITaskSettings settings);

    /// <summary>
    /// Before any job runs: the dataset holds the training material, and no scored track is part of it (nor was it
    /// trained on). Throws <see cref="ConfigKeyException"/> naming what is missing or what overlaps.
    /// </summary>
    void CheckTraining(IDataset dataset, IReadOnlyList<string> scoredTrackIds, ITaskSettings settings);

    /// <summary>The learned dictionary, from the cache when it holds one for the same training data and settings.</summary>
    TemplateDictionary Learn(IDataset dataset, ITaskSettings settings, IBlas blas, FeatureCache? cache, CancellationToken cancellation);
}
