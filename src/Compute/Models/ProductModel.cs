using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Models;

/// <summary>Plain NMF: the components S make Λ_S = W[:,S]·H[S,:] (W F×K, H K×T).</summary>
public sealed record ProductModel<T>(Matrix<T> W, Matrix<T> H) : IComponentModel<T>
    where T : struct, IEquatable<T>, IFormattable
{
    public int Rank => W.ColumnCount;

    public Matrix<T> Spectrogram(IReadOnlyList<int> components)
    {
        ComponentList.Check(components, Rank);
        if (components.Count == 0) return Matrix<T>.Build.Dense(W.RowCount, H.ColumnCount);
        var w = Matrix<T>.Build.DenseOfColumnVectors(components.Select(W.Column));
        var h = Matrix<T>.Build.DenseOfRowVectors(components.Select(H.Row));
        return w * h;
    }
}
