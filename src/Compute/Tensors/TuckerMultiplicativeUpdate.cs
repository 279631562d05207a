using System.Diagnostics;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// Nonnegative Tucker by β-divergence multiplicative updates (nn_fac's ntd_mu; Kim &amp; Choi 2007 for β=2). With Λ the
/// current model, Y = Λ^(β−2).*X and Z = Λ^(β−1) (<see cref="BetaRatio"/>), each factor in turn
///   A_n ← max(A_n .* [unfold_n(Y ×_{m≠n}A_mᵀ)·G_(n)ᵀ ./ unfold_n(Z ×_{m≠n}A_mᵀ)·G_(n)ᵀ]^γ(β), 1e-12),
/// then the core  G ← max(G .* [(Y ×_m A_mᵀ) ./ (Z ×_m A_mᵀ)]^γ(β), 1e-12).
/// Ranks per mode: rank_0, rank_1, rank_2 (0 takes algorithm.rank). Reference: nmf-algorithms.md §4.4.
/// </summary>
public sealed class TuckerMultiplicativeUpdate : TensorAlgorithm
{
    public override string Name => "tucker_mu";

    public override string Description => "nonnegative Tucker of a 3-way tensor by β-divergence multiplicative updates (nn_fac ntd_mu); any β";

    public override bool HasCore => true;

    protected override bool FrobeniusOnly => false;

    public override IReadOnlyList<ModelParameter> Parameters => TuckerRanks.Parameters;

    public override IReadOnlyList<int> Ranks(NmfOptions options) => TuckerRanks.From(options);

    public override TensorResult Run(Tensor3 x, TensorStart start, NmfOptions options, IBlas blas, CancellationToken cancellation = default)
    {
        CheckOptions(options);
        TensorValidation.CheckStart(x, start, Ranks(options), HasCore);
        var clock = Stopwatch.StartNew();
        var a = start.Factors.Select(f => f.Clone()).ToArray();
        var core = start.Core!.Clone();
        var beta = options.Beta;
        var gamma = MultiplicativeUpdate.Gamma(beta);
        var (iterations, converged, loss, history) = TensorIterations.Run(
            options, Step, () => TensorModel.Loss(x, TensorModel.Tucker(core, a, blas), beta), cancellation);
        return new TensorResult("tucker", a, core, iterations, converged, loss, history, clock.Elapsed.TotalSeconds, blas.Name, blas.Threads);

        void Step()
        {
            for (var mode = 0; mode < 3; mode++)
            {
                var (y, z) = BetaRatio.Compute(x, TensorModel.Tucker(core, a, blas), beta);
                var numerator = TuckerProducts.Cross(y, core, a, mode, blas);
                var denominator = TuckerProducts.Cross(z, core, a, mode, blas);
                BetaRatio.Apply(ColumnMajor.Values(a[mode]), ColumnMajor.Values(numerator), ColumnMajor.Values(denominator), gamma);
            }

            var (yc, zc) = BetaRatio.Compute(x, TensorModel.Tucker(core, a, blas), beta);
            var coreNumerator = TuckerProducts.ContractAll(yc, a, blas);
            var coreDenominator = TuckerProducts.ContractAll(zc, a, blas);
            BetaRatio.Apply(core.Data, coreNumerator.Data, coreDenominator.Data, gamma);
        }
    }
}
