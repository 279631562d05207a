using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// What a task prepared from one track: V, the nonnegative matrix to factorise (F×T, audio orientation), and
/// whatever its scoring needs later. Tasks derive their own record from it (mixture phase, bars, annotations).
/// </summary>
public abstract record TaskInput(Matrix<double> V)
{
    /// <summary>Centre frequency in Hz of each row of V, for pitch-aware initialisations (harmonic); null if rows are not frequencies.</summary>
    public IReadOnlyList<double>? RowFrequencies { get; init; }

    /// <summary>A 3-way tensor for the tensor models (cp_*, tucker_*), when the task's settings ask for one; null otherwise.</summary>
    public TaskTensor? Tensor { get; init; }

    /// <summary>Learned templates (supervised methods), set by <see cref="TrackPipeline"/> after Prepare; null for unsupervised ones.
    /// They are the first columns of the factorisation's W, in order.</summary>
    public TemplateDictionary? Templates { get; init; }

    /// <summary>The job's seed, set by <see cref="TrackPipeline"/> after Prepare, for randomised scoring steps (k-means).</summary>
    public int Seed { get; init; }
}
