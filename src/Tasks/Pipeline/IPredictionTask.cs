using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// A task whose Score is two stages: <see cref="Predict"/> (factors and the prediction keys → a <see cref="TaskPrediction"/>)
/// then <see cref="Evaluate"/> (the prediction and the scoring keys, <see cref="IMirTask.ScoringKeys"/> → metrics), so that
/// <see cref="TrackPipeline"/> can keep the prediction as a cached artifact (<see cref="PredictionArtifact"/>): a sweep
/// over scoring keys predicts once per track and scores many times. Score must equal Evaluate(Predict(…)).
/// </summary>
public interface IPredictionTask : IMirTask
{
    /// <summary>Predict from the factors; reads no scoring key and no reference annotation.</summary>
    TaskPrediction Predict(TaskInput input, NmfResult<double> factors, ITaskSettings settings, CancellationToken cancellation);

    /// <summary>Score a prediction (made or unpacked) against the track's annotations: flat metric names to values.</summary>
    IReadOnlyDictionary<string, double> Evaluate(TaskInput input, TaskPrediction prediction, ITaskSettings settings, CancellationToken cancellation);

    /// <summary>
    /// The prediction that <see cref="TaskPrediction.Pack"/> made, rebuilt with what the pipeline holds again (the
    /// input and the factors: a cached form may keep less than the record, see separation); null when the column is malformed.
    /// </summary>
    TaskPrediction? Unpack(Matrix<double> packed, TaskInput input, NmfResult<double> factors, ITaskSettings settings);
}
