using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// Nonnegative CP by β-divergence multiplicative updates (nn_fac's ntf with update_rule "mu"; Févotte &amp; Idier 2011):
/// modes in order, each with the latest others, Λ the current model and KR = ⊙_{m≠n} A_m,
///   A_n ← max(A_n .* [((Λ_(n)^(β−2) .* X_(n))·KR) ./ (Λ_(n)^(β−1)·KR)]^γ(β), 1e-12).
/// Both products are MTTKRPs. At β=2 the denominator is A_n·G_n (G_n the Hadamard product of Grams), which avoids
/// forming Λ. Reference: nmf-algorithms.md §4.4.
/// </summary>
public sealed class CpMultiplicativeUpdate : TensorAlgorithm
{
    public override string Name => "cp_mu";

    public override string Description => "nonnegative CP/PARAFAC of a 3-way tensor by β-divergence multiplicative updates (nn_fac ntf); any β";

    public override bool HasCore => false;

    protected override bool FrobeniusOnly => false;

    public override TensorResult Run(Tensor3 x, TensorStart start, NmfOptions options, IBlas blas, CancellationToken cancellation = default)
    {
        CheckOptions(options);
        TensorValidation.CheckStart(x, start, Ranks(options), HasCore);
        var clock = Stopwatch.StartNew();
        var a = start.Factors.Select(f => f.Clone()).ToArray();
        var beta = options.Beta;
        var gamma = MultiplicativeUpdate.Gamma(beta);
        var (iterations, converged, loss, history) = TensorIterations.Run(options, Step, () => TensorModel.Loss(x, TensorModel.Cp(a, blas), beta), cancellation);
        return new TensorResult("cp", a, null, iterations, converged, loss, history, clock.Elapsed.TotalSeconds, blas.Name, blas.Threads);

        void Step()
        {
            for (var mode = 0; mode < 3; mode++)
            {
                Matrix<double> numerator, denominator;
                if (beta == 2.0)
                {
                    numerator = TensorModel.Mttkrp(x, a, mode, blas);
                    denominator = a[mode] * TensorModel.GramExcept(a, mode);
                }
                else if (beta == 1.0)
                {
                    // KL: Z = 1, so its MTTKRP is the product of the other factors' column sums, the same for every row.
                    var (y, _) = BetaRatio.Compute(x, TensorModel.Cp(a, blas), beta);
                    numerator = TensorModel.Mttkrp(y, a, mode, blas);
                    var sums = Enumerable.Range(0, 3).Where(m => m != mode).Select(m => a[m].ColumnSums()).Aggregate((p, q) => p.PointwiseMultiply(q));
                    denominator = Matrix<double>.Build.Dense(a[mode].RowCount, a[mode].ColumnCount, (_, r) => sums[r]);
                }
                else
                {
                    var (y, z) = BetaRatio.Compute(x, TensorModel.Cp(a, blas), beta);
                    numerator = TensorModel.Mttkrp(y, a, mode, blas);
                    denominator = TensorModel.Mttkrp(z, a, mode, blas);
                }
                BetaRatio.Apply(ColumnMajor.Values(a[mode]), ColumnMajor.Values(numerator), ColumnMajor.Values(denominator), gamma);
            }
        }
    }
}
