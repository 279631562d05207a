using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Tests.Tensors;

/// <summary>Tensors built exactly from known nonnegative factors (and core), for recovery and descent tests.</summary>
internal static class PlantedTensor
{
    public static (Tensor3 X, Matrix<double>[] Factors) Cp(int[] shape, int rank, int seed)
    {
        var random = new Random(seed);
        // Sparse-ish factors (a third of the entries zero) make the CP model essentially unique.
        var factors = shape.Select(n => Matrix<double>.Build.Dense(n, rank, (_, _) => random.NextDouble() < 0.33 ? 0 : random.NextDouble())).ToArray();
        return (TensorModel.Cp(factors, new ManagedBlas()), factors);
    }

    public static (Tensor3 X, Matrix<double>[] Factors, Tensor3 Core) Tucker(int[] shape, int[] ranks, int seed)
    {
        var random = new Random(seed);
        // The first R_n rows of each factor are the identity ("pure" rows): this separability makes nonnegative Tucker
        // essentially unique (factors up to scaled permutations), so recovery can be tested at all.
        var factors = shape.Select((n, m) => Matrix<double>.Build.Dense(n, ranks[m],
            (i, r) => i < ranks[m] ? (i == r ? 1 : 0) : random.NextDouble() < 0.5 ? 0 : random.NextDouble())).ToArray();
        var core = Tensor3.Build(ranks[0], ranks[1], ranks[2], (_, _, _) => random.NextDouble());
        return (TensorModel.Tucker(core, factors, new ManagedBlas()), factors, core);
    }

    /// <summary>Best |cosine| of each true column with some found column, the worst over the true columns (1 = all recovered up to scale and order).</summary>
    public static double WorstMatch(Matrix<double> truth, Matrix<double> found)
    {
        double worst = 1;
        for (var r = 0; r < truth.ColumnCount; r++)
        {
            var t = truth.Column(r);
            var best = 0.0;
            for (var s = 0; s < found.ColumnCount; s++)
            {
                var f = found.Column(s);
                var denominator = t.L2Norm() * f.L2Norm();
                if (denominator > 0) best = Math.Max(best, t.DotProduct(f) / denominator);
            }
            worst = Math.Min(worst, best);
        }
        return worst;
    }
}
