using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// Nonnegative Tucker by HALS (nn_fac's ntd; tensorly's non_negative_tucker_hals): each factor is the NNLS
/// X_(n) ≈ A_n·B_nᵀ solved by <see cref="HalsNnls"/> with the products of <see cref="TuckerProducts"/>; then the core by
/// projected gradient on ½‖X − G ×_m A_m‖², gradient G ×_m (A_mᵀA_m) − X ×_m A_mᵀ, step 1/L with L = Π_m λ_max(A_mᵀA_m)
/// (the gradient's Lipschitz constant, so every step descends), projection max(·, 0). nn_fac's plain projected gradient
/// is used rather than tensorly's FISTA, whose momentum can raise the loss. Frobenius only.
/// Ranks per mode: rank_0, rank_1, rank_2 (0 takes algorithm.rank). Reference: nmf-algorithms.md §4.4.
/// </summary>
public sealed class TuckerHals : TensorAlgorithm
{
    /// <summary>Core steps per outer iteration, and the inner stop ‖ΔG‖² &lt; δ·‖ΔG_first‖² (nn_fac: 300 steps at most).</summary>
    public const int MaxCoreSteps = 50;
    public const double CoreDelta = 0.01;

    public override string Name => "tucker_hals";

    public override string Description => "nonnegative Tucker of a 3-way tensor by HALS factors and a projected-gradient core (nn_fac ntd), Frobenius only";

    public override bool HasCore => true;

    protected override bool FrobeniusOnly => true;

    public override IReadOnlyList<ModelParameter> Parameters => TuckerRanks.Parameters;

    public override IReadOnlyList<int> Ranks(NmfOptions options) => TuckerRanks.From(options);

    public override TensorResult Run(Tensor3 x, TensorStart start, NmfOptions options, IBlas blas, CancellationToken cancellation = default)
    {
        CheckOptions(options);
        TensorValidation.CheckStart(x, start, Ranks(options), HasCore);
        var clock = Stopwatch.StartNew();
        var a = start.Factors.Select(f => f.Clone()).ToArray();
        var core = start.Core!.Clone();
        var (iterations, converged, loss, history) = TensorIterations.Run(
            options, Step, () => TensorModel.Loss(x, TensorModel.Tucker(core, a, blas), 2.0), cancellation);
        return new TensorResult("tucker", a, core, iterations, converged, loss, history, clock.Elapsed.TotalSeconds, blas.Name, blas.Threads);

        void Step()
        {
            for (var mode = 0; mode < 3; mode++)
                HalsNnls.Solve(a[mode], TuckerProducts.Gram(core, a, mode, blas), TuckerProducts.Cross(x, core, a, mode, blas));
            UpdateCore(x, core, a, blas);
        }
    }

    /// <summary>Projected-gradient steps on the core, in place.</summary>
    public static void UpdateCore(Tensor3 x, Tensor3 core, IReadOnlyList<Matrix<double>> a, IBlas blas)
    {
        var grams = a.Select(f => f.TransposeThisAndMultiply(f)).ToArray();
        var lipschitz = grams.Aggregate(1.0, (l, g) => l * g.Evd().EigenValues.Max(e => e.Real));
        if (!(lipschitz > 0)) return;
        var target = TuckerProducts.ContractAll(x, a, blas);
        double first = 0;
        for (var step = 1; step <= MaxCoreSteps; step++)
        {
            var curvature = core.ModeProduct(0, grams[0], false, blas).ModeProduct(1, grams[1], false, blas).ModeProduct(2, grams[2], false, blas);
            double moved = 0;
            for (var i = 0; i < core.Size; i++)
            {
                var gradient = curvature.Data[i] - target.Data[i];
                var next = Math.Max(core.Data[i] - gradient / lipschitz, 0.0);
                moved += (next - core.Data[i]) * (next - core.Data[i]);
                core.Data[i] = next;
            }
            if (step == 1) first = moved;
            if (moved == 0 || moved < CoreDelta * first) return;
        }
    }
}
