using NmfGrid.Compute.Algorithms;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// One MIR task: how to turn a track into the matrix NMF factorises, and how to turn the factors into
/// predictions scored against the track's annotations. <see cref="TrackPipeline"/> runs the steps in order and
/// times them; a task never calls the NMF itself. A new task is one folder plus one registration in <see cref="TaskRegistry"/>.
/// </summary>
public interface IMirTask
{
    /// <summary>The name configs select it by: separation, transcription, structure.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>
    /// The metric, among those <see cref="Score"/> returns, that reports rank this task's configurations by, and its
    /// direction (f1, higher is better; relative_error, lower is better).
    /// </summary>
    Headline Headline { get; }

    /// <summary>Whether the track carries the annotations this task scores against.</summary>
    bool Accepts(ITrack track);

    /// <summary>
    /// Keys of the task's section (dotted below it, e.g. "onset_tolerance") that act only after the factorisation, in
    /// prediction or scoring. They take no part in the job's model seed, so a sweep over them factorises each
    /// track once and scores many times (the factorisation's cache key is built from V itself, see FactorArtifact). Every
    /// other key counts as one that shapes the model:
    /// a key missing from this list only costs a factorisation, never shares one wrongly.
    /// </summary>
    IReadOnlyList<string> PredictionKeys => [];

    /// <summary>
    /// The <see cref="PredictionKeys"/> that act only in scoring (an onset tolerance, trim, the assignment rule): they
    /// take no part in the prediction artifact's key either (<see cref="PredictionArtifact"/>), so a sweep over them
    /// predicts once per track and scores many times. Every other key counts as one that shapes the prediction: a key
    /// missing from this list only costs a prediction, never shares one wrongly.
    /// </summary>
    IReadOnlyList<string> ScoringKeys => [];

    /// <summary>
    /// Whether Score reads the factors with these settings. A baseline that scores V itself (structure's
    /// `representation: barwise`) says false, and the pipeline then runs no factorisation: iterations 0, no loss.
    /// </summary>
    bool ReadsFactors(ITaskSettings settings) => true;

    /// <summary>
    /// Reads and checks the task's section of the config, once per configuration point, before any job runs; throws
    /// <see cref="ConfigKeyException"/> naming the key. Every other method gets the record this returns.
    /// </summary>
    ITaskSettings Parse(ConfigSection section);

    /// <summary>Load the audio and compute V (through the feature cache when one is given).</summary>
    TaskInput Prepare(ITrack track, ITaskSettings settings, FeatureCache? cache, CancellationToken cancellation);

    /// <summary>
    /// Predict from the factors and score: flat metric names ("sdr.vocals", "f1") to values. A task that splits this
    /// into a prediction and its scoring implements <see cref="IPredictionTask"/>, and the pipeline caches the prediction.
    /// </summary>
    IReadOnlyDictionary<string, double> Score(TaskInput input, NmfResult<double> factors, ITaskSettings settings,
                                              CancellationToken cancellation);
}
