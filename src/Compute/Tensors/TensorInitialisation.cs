using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// Starting factors for a tensor model from the matrix initialisations, one mode at a time (as a HOSVD starts Tucker):
/// A_n is the W of the named initialisation applied to the unfolding X_(n) at rank R_n. A mode it cannot serve
/// (an SVD-based start needs R_n ≤ min(I_n, ∏_{m≠n} I_m); "harmonic" serves only the frequency mode) starts, for CP, from
/// the served mode's H summed over the third mode, and otherwise (Tucker, "random") uniform in [0.5, 1), seeded. The Tucker core starts at X ×_m A_mᵀ; the model is then scaled by the least-squares factor
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
        (int Mode, Matrix<double> H)? served = null;
        for (var n = 0; n < 3; n++)
        {
            var rank = hasCore ? ranks[n] : ranks[0];
            if (!Serves(name, n, x, rank, request)) continue;
            var (w, h) = FromUnfolding(x, n, name, rank, request, blas);
            factors[n] = w;
            served ??= (n, h);
        }

        for (var n = 0; n < 3; n++)
        {
            if (factors[n] is not null) continue;
            var rank = hasCore ? ranks[n] : ranks[0];
            factors[n] = !hasCore && served is { } s
                ? Marginal(s.H, s.Mode, n, x.Shape)
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

    /// <summary>
    /// CP: a mode the initialisation did not serve starts from the H (R × ∏ others) it gave the served mode s, summed over
    /// the third mode: A_n[i, r] = Σ_j H[r, column of (i, j)]. So a harmonic W brings its activations along, as in the matrix case.
    /// </summary>
    private static Matrix<double> Marginal(Matrix<double> h, int served, int mode, int[] shape)
    {
        var others = Enumerable.Range(0, 3).Where(m => m != served).ToArray(); // Kolda column order: others[0] fastest
        var fast = shape[others[0]];
        var result = Matrix<double>.Build.Dense(shape[mode], h.RowCount);
        for (var column = 0; column < h.ColumnCount; column++)
        {
            var i = mode == others[0] ? column % fast : column / fast;
            for (var r = 0; r < h.RowCount; r++) result[i, r] += h[r, column];
        }
        return result.Map(value => Math.Max(value, TensorAlgorithm.Floor));
    }

    private static (Matrix<double> W, Matrix<double> H) FromUnfolding(Tensor3 x, int mode, string name, int rank, TensorStartRequest request, IBlas blas)
    {
        var unfolding = ColumnMajor.Wrap(x.Shape[mode], x.Others(mode), x.Unfold(mode));
        var matrixRequest = new InitialisationRequest
        {
            Rank = rank,
            Seed = request.Seed,
            Beta = request.Beta,
            RowFrequencies = mode == request.FrequencyMode ? request.Frequencies : null,
        };
        var (w, h) = Initialisation(name, unfolding).Create(unfolding, matrixRequest, blas);
        // nndsvd keeps exact zeros, which multiplicative updates can never move; a floor keeps them movable.
        return (w.Map(value => Math.Max(value, TensorAlgorithm.Floor)), h);
    }

    /// <summary>
    /// The registered initialisation, except that NNDSVD takes the randomized SVD whenever the unfolding is far from square:
    /// Math.NET's exact SVD forms both square factors, so a 16×7680 unfolding (a barwise tensor's bar mode) would cost
    /// a 7680×7680 matrix although TruncatedSvd's F·T·min(F, T) rule rates it small.
    /// </summary>
    private static IInitialisation Initialisation(string name, Matrix<double> unfolding)
    {
        var fill = name switch { "nndsvd" => NndsvdFill.Zeros, "nndsvda" => NndsvdFill.Mean, "nndsvdar" => NndsvdFill.SmallRandom, _ => (NndsvdFill?)null };
        if (fill is null) return InitialisationRegistry.Get(name);
        double large = Math.Max(unfolding.RowCount, unfolding.ColumnCount), small = Math.Min(unfolding.RowCount, unfolding.ColumnCount);
        return new NndsvdInitialisation(fill.Value, exactSvd: large * large * small <= TruncatedSvd.ExactWorkLimit);
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
