using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// Nonnegative CP (PARAFAC) by HALS (Cichocki &amp; Phan 2009; nn_fac's ntf, tensorly's non_negative_parafac_hals):
/// modes in order, each the NNLS min_{A_n ≥ 0} ½‖X_(n) − A_n (⊙_{m≠n}A_m)ᵀ‖² with normal matrix G_n = ⊛_{m≠n} A_mᵀA_m
/// and right-hand side the MTTKRP M_n, solved by <see cref="HalsNnls"/>. Frobenius only. Reference: nmf-algorithms.md §4.4.
/// </summary>
public sealed class CpHals : TensorAlgorithm
{
    public override string Name => "cp_hals";

    public override string Description => "nonnegative CP/PARAFAC of a 3-way tensor by HALS (nn_fac ntf), Frobenius only";

    public override bool HasCore => false;

    protected override bool FrobeniusOnly => true;

    public override TensorResult Run(Tensor3 x, TensorStart start, NmfOptions options, IBlas blas, CancellationToken cancellation = default)
    {
        CheckOptions(options);
        TensorValidation.CheckStart(x, start, Ranks(options), HasCore);
        var clock = Stopwatch.StartNew();
        var a = start.Factors.Select(f => f.Clone()).ToArray();
        var (iterations, converged, loss, history) = TensorIterations.Run(options, Step, () => TensorModel.Loss(x, TensorModel.Cp(a, blas), 2.0), cancellation);
        return new TensorResult("cp", a, null, iterations, converged, loss, history, clock.Elapsed.TotalSeconds, blas.Name, blas.Threads);

        void Step()
        {
            for (var mode = 0; mode < 3; mode++)
                HalsNnls.Solve(a[mode], TensorModel.GramExcept(a, mode), TensorModel.Mttkrp(x, a, mode, blas));
        }
    }
}
