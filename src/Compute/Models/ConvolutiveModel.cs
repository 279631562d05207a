using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Models;

/// <summary>
/// Convolutive NMF (NMFD, Smaragdis 2004): each component is an F×L spectrogram patch, its lag templates
/// W_τ[:,k] (τ = 0..L−1), played at every onset in its activation row. The components S make
///   Λ_S = Σ_τ W_τ[:,S] · shift→τ(H[S,:]),   shift→τ moving columns τ to the right, zeros in front.
/// </summary>
public sealed record ConvolutiveModel<T> : IComponentModel<T>
    where T : struct, IEquatable<T>, IFormattable
{
    public ConvolutiveModel(IReadOnlyList<Matrix<T>> templates, Matrix<T> h)
    {
        if (templates.Count == 0) throw new ArgumentException("A convolutive model needs at least one lag template.", nameof(templates));
        foreach (var (w, lag) in templates.Select((w, lag) => (w, lag)))
        {
            if (w.RowCount != templates[0].RowCount || w.ColumnCount != h.RowCount)
                throw new ArgumentException(
                    $"Lag template {lag} is {w.RowCount}×{w.ColumnCount} but must be {templates[0].RowCount}×{h.RowCount}.", nameof(templates));
        }
        Templates = templates;
        H = h;
    }

    /// <summary>W_τ (F×K) for τ = 0..L−1.</summary>
    public IReadOnlyList<Matrix<T>> Templates { get; }

    /// <summary>The activations (K×T).</summary>
    public Matrix<T> H { get; }

    public int Lags => Templates.Count;

    public int Rank => H.RowCount;

    /// <summary>Σ_τ W_τ (F×K): each component's spectrum summed over its patch, what a task sees as its template.</summary>
    public Matrix<T> SummedTemplates() => Templates.Skip(1).Aggregate(Templates[0].Clone(), (sum, w) => sum + w);

    public Matrix<T> Spectrogram(IReadOnlyList<int> components)
    {
        ComponentList.Check(components, Rank);
        int rows = Templates[0].RowCount, frames = H.ColumnCount;
        var result = Matrix<T>.Build.Dense(rows, frames);
        if (components.Count == 0) return result;
        var h = Matrix<T>.Build.DenseOfRowVectors(components.Select(H.Row));
        for (var lag = 0; lag < Math.Min(Lags, frames); lag++)
        {
            var w = Matrix<T>.Build.DenseOfColumnVectors(components.Select(Templates[lag].Column));
            // W_τ·shift→τ(H) fills columns τ..T−1 with W_τ·H[:, 0..T−1−τ].
            var part = w * h.SubMatrix(0, h.RowCount, 0, frames - lag);
            result.SetSubMatrix(0, lag, result.SubMatrix(0, rows, lag, frames - lag) + part);
        }
        return result;
    }
}
