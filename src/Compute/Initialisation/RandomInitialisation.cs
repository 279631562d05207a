using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Initialisation;

/// <summary>
/// scikit-learn's 'random' (nmf-algorithms.md §1.6): with a = sqrt(mean(V)/K), H = a·|N(0,1)| (K×T) is
/// drawn first, then W = a·|N(0,1)| (F×K). The scaling makes WH about as large as V on average.
/// </summary>
public sealed class RandomInitialisation : IInitialisation
{
    public string Name => "random";

    public string Description => "scaled |N(0,1)| factors, sqrt(mean(V)/K) (scikit-learn 'random'); seeded";

    public (Matrix<T> W, Matrix<T> H) Create<T>(Matrix<T> v, InitialisationRequest request, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rank = request.Rank;
        var values = ColumnMajor.Values(v);
        var mean = double.CreateTruncating(TensorPrimitives.Sum<T>(values)) / values.Length;
        var scale = Math.Sqrt(mean / rank);
        var normal = new GaussianSamples(request.Seed);
        var h = Draw<T>(rank * v.ColumnCount, scale, normal);
        var w = Draw<T>(v.RowCount * rank, scale, normal);
        return (ColumnMajor.Wrap(v.RowCount, rank, w), ColumnMajor.Wrap(rank, v.ColumnCount, h));
    }

    private static T[] Draw<T>(int count, double scale, GaussianSamples normal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = T.CreateTruncating(scale * Math.Abs(normal.Next()));
        }

        return values;
    }
}
