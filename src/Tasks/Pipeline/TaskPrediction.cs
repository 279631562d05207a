using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// What a task predicted from the factors, before any scoring: transcription's notes, structure's segments,
/// separation's stems. Tasks derive their own record (<see cref="IPredictionTask"/>); <see cref="Pack"/> is its cached
/// form, one column of doubles, which the task's Unpack turns back into the same record.
/// </summary>
public abstract record TaskPrediction
{
    /// <summary>The prediction as an entry of the feature cache: one column whose first value is the layout's version.</summary>
    public abstract Matrix<double> Pack();
}
