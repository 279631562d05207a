using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Models;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Algorithms;

/// <summary>One point of the loss history: the β-divergence D_β(V | WH) after an iteration (0 = the start).</summary>
public readonly record struct LossPoint(int Iteration, double Loss);

/// <summary>
/// What a solver returns: the factors, how far it went and what it ran on. W (F×K) and H (K×T) are what tasks
/// read as templates and activations; a model that is not W·H (NMFD) sets <see cref="Model"/>, and W is then its
/// summary (NMFD: the templates summed over lags). Spectrograms always come from <see cref="Spectrogram"/>.
/// </summary>
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
    /// <summary>How the components make the spectrogram; null means plain NMF, W[:,k]·H[k,:].</summary>
    public IComponentModel<T>? Model { get; init; }

    /// <summary>The model in force: <see cref="Model"/>, or W·H (<see cref="ProductModel{T}"/>) when none is set.</summary>
    public IComponentModel<T> Components => Model ?? new ProductModel<T>(W, H);

    /// <summary>The F×T spectrogram the listed components make together, by <see cref="Components"/>.</summary>
    public Matrix<T> Spectrogram(IReadOnlyList<int> components) => Components.Spectrogram(components);

    /// <summary>Λ, the model's reconstruction of V: every component together.</summary>
    public Matrix<T> Reconstruction() => Spectrogram(Enumerable.Range(0, H.RowCount).ToArray());

    /// <summary>For a tensor model: the whole model (a factor per mode, the Tucker core), of which W and H are the task's view
    /// (<see cref="TensorTemplates"/>); null for a matrix solver.</summary>
    public TensorResult? Tensor { get; init; }
}
