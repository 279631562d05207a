using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// Starting factors for a tensor model from the matrix initialisations, one mode at a time (as a HOSVD starts Tucker):
/// A_n is the W of the named initialisation applied to the unfolding X_(n) at rank R_n. A mode it cannot serve
/// (an SVD-based start needs R_n ≤ min(I_n, ∏_{m≠n} I_m); "harmonic" serves only the frequency mode) starts uniform
/// in [0.5, 1), seeded. The Tucker core starts at X ×_m A_mᵀ; the model is then scaled by the least-squares factor
/// ⟨X, Λ⟩/⟨Λ, Λ⟩ (on the core for Tucker, spread over the factors for CP) so the first iterations fit, not rescale.
/// "custom" is not available: pass a <see cref="TensorStart"/> to the solver instead.
/// </summary>
public static class TensorInitialisation
{
    public static readonly IReadOnlyList<string> Names = ["random", "nndsvd", "nndsvda", "nndsvdar", "harmonic"];

    public static TensorStart Create(Tensor3 x, string initialisation, IReadOnlyList<int> ranks, bool hasCore,
                                     TensorStartRequest request, IBlas blas)
    {
        if (!Names.Contains(initialisation, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException(
                $"Initialisation '{initialisation}' cannot start a tensor model. Known for tensors: {string.Join(", ", Names)}.");
        var name = initialisation.ToLowerInvariant();
        if (name == "harmonic" && (request.FrequencyMode is null || request.Frequencies is null))
            throw new ArgumentException("Initialisation 'harmonic' needs a tensor mode of frequency bins (the task gives one; `nmfgrid nmf` does not).");

        var random = new Random(request.Seed);
        var factors = new Matrix<double>[3];
        for (var n = 0; n < 3; n++)
        {
            var rank = hasCore ? ranks[n] : ranks[0];
            factors[n] = Serves(name, n, x, rank, request)
                ? FromUnfolding(x, n, name, rank, request, blas)
                : Matrix<double>.Build.Dense(x.Shape[n], rank, (_, _) => 0.5 + 0.5 * random.NextDouble());
        }

        if (hasCore)
        {
            var core = TuckerProducts.ContractAll(x, factors, blas);
            var scale = LeastSquaresScale(x, TensorModel.Tucker(core, factors, blas));
            for (var i = 0; i < core.Size; i++) core.Data[i] = Math.Max(core.Data[i] * scale, TensorAlgorithm.Floor);
            return new TensorStart(factors, core);
        }

        var perFactor = Math.Cbrt(LeastSquaresScale(x, TensorModel.Cp(factors, blas)));
        return new TensorStart(factors.Select(f => f.Multiply(perFactor)).ToArray(), null);
    }

    private static bool Serves(string name, int mode, Tensor3 x, int rank, TensorStartRequest request) => name switch
    {
        "random" => false,
        "harmonic" => mode == request.FrequencyMode,
        _ => rank <= Math.Min(x.Shape[mode], x.Others(mode)),
    };

    private static Matrix<double> FromUnfolding(Tensor3 x, int mode, string name, int rank, TensorStartRequest request, IBlas blas)
    {
        var unfolding = ColumnMajor.Wrap(x.Shape[mode], x.Others(mode), x.Unfold(mode));
        var matrixRequest = new InitialisationRequest
        {
            Rank = rank,
            Seed = request.Seed,
            Beta = request.Beta,
            RowFrequencies = mode == request.FrequencyMode ? request.Frequencies : null,
        };
        var w = InitialisationRegistry.Get(name).Create(unfolding, matrixRequest, blas).W;
        // nndsvd keeps exact zeros, which multiplicative updates can never move; a floor keeps them movable.
        return w.Map(value => Math.Max(value, TensorAlgorithm.Floor));
    }

    private static double LeastSquaresScale(Tensor3 x, Tensor3 model)
    {
        double cross = 0, square = 0;
        for (var i = 0; i < x.Size; i++)
        {
            cross += x.Data[i] * model.Data[i];
            square += model.Data[i] * model.Data[i];
        }
        return square > 0 && cross > 0 ? cross / square : 1.0;
    }
}
