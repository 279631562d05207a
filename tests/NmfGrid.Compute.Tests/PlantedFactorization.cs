using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>Test data: V = W*·H* exactly, with uniform random nonnegative factors, and a random start.</summary>
internal sealed record PlantedFactorization(Matrix<double> V, Matrix<double> W0, Matrix<double> H0)
{
    public static PlantedFactorization Create(int bins, int frames, int rank, int seed)
    {
        var random = new Random(seed);
        var wTrue = Matrix<double>.Build.Dense(bins, rank, (_, _) => random.NextDouble());
        var hTrue = Matrix<double>.Build.Dense(rank, frames, (_, _) => random.NextDouble());
        var w0 = Matrix<double>.Build.Dense(bins, rank, (_, _) => 0.1 + random.NextDouble());
        var h0 = Matrix<double>.Build.Dense(rank, frames, (_, _) => 0.1 + random.NextDouble());
        return new PlantedFactorization(wTrue * hTrue, w0, h0);
    }

    /// <summary>The same problem in float32.</summary>
    public (Matrix<float> V, Matrix<float> W0, Matrix<float> H0) Single() =>
        (V.Map(x => (float)x), W0.Map(x => (float)x), H0.Map(x => (float)x));
}
