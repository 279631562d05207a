using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Algorithms;

/// <summary>One point of the loss history: the β-divergence D_β(V | WH) after an iteration (0 = the start).</summary>
public readonly record struct LossPoint(int Iteration, double Loss);

/// <summary>What a solver returns: the factors, how far it went and what it ran on.</summary>
public sealed record NmfResult<T>(
    Matrix<T> W,
    Matrix<T> H,
    int Iterations,
    bool Converged,
    double Loss,
    IReadOnlyList<LossPoint> LossHistory,
    double Seconds,
    string Backend,
    int Threads)
    where T : struct, IEquatable<T>, IFormattable
{
    /// <summary>For a tensor model: the whole model (a factor per mode, the Tucker core), of which W and H are the task's view
    /// (<see cref="TensorTemplates"/>); null for a matrix solver.</summary>
    public TensorResult? Tensor { get; init; }
}
