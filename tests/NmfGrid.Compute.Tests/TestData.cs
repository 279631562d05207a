using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>Small seeded matrices for behaviour tests.</summary>
public static class TestData
{
    /// <summary>Uniform entries in [0.01, 1.01).</summary>
    public static Matrix<double> Uniform(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => 0.01 + random.NextDouble());
    }

    /// <summary>
    /// Spectrogram-like: a sparse, heavy-tailed low-rank product (few strong partials, bursty activations)
    /// plus a faint noise floor, spanning several orders of magnitude as power spectra do.
    /// </summary>
    public static Matrix<double> SpectrogramLike(int rows, int columns, int rank, int seed)
    {
        var random = new Random(seed);
        var w = Matrix<double>.Build.Dense(rows, rank, (_, _) => Math.Pow(random.NextDouble(), 4));
        var h = Matrix<double>.Build.Dense(rank, columns, (_, _) => Math.Pow(random.NextDouble(), 3));
        return w * h + Matrix<double>.Build.Dense(rows, columns, (_, _) => 1e-4 * random.NextDouble());
    }

    /// <summary>Exactly V = W·H with strictly positive W and H.</summary>
    public static (Matrix<double> V, Matrix<double> W, Matrix<double> H) Planted(int rows, int columns, int rank, int seed)
    {
        var random = new Random(seed);
        var w = Matrix<double>.Build.Dense(rows, rank, (_, _) => 0.1 + random.NextDouble());
        var h = Matrix<double>.Build.Dense(rank, columns, (_, _) => 0.1 + random.NextDouble());
        return (w * h, w, h);
    }

    public static Matrix<float> ToSingle(Matrix<double> m) => m.Map(x => (float)x);
}
