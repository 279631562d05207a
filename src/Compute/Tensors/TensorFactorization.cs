using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// The front door for tensor models, as <see cref="Factorization"/> is for matrices: the algorithm by name (cp_hals,
/// cp_mu, tucker_hals, tucker_mu), an initialisation by name, everything validated before any numerics run.
/// </summary>
/// <example><code>
/// var result = TensorFactorization.Run(x, "tucker_hals", "nndsvda",
///     new NmfOptions { Rank = 8, Parameters = new Dictionary&lt;string, double&gt; { ["rank_2"] = 4 } }, blas);
/// </code></example>
public static class TensorFactorization
{
    public static TensorResult Run(Tensor3 x, string algorithm, string initialisation, NmfOptions options, IBlas blas,
                                   TensorStartRequest? request = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        var solver = Get(algorithm, x);
        NmfInputValidation.CheckParameters(solver, options);
        solver.CheckOptions(options);
        TensorValidation.CheckData(x, options);
        var ranks = solver.Ranks(options);
        var start = TensorInitialisation.Create(x, initialisation, ranks, solver.HasCore,
                                                (request ?? new TensorStartRequest()) with { Seed = options.Seed, Beta = options.Beta }, blas);
        return solver.Run(x, start, options, blas, cancellation);
    }

    /// <summary>The tensor solver of that name; a matrix solver's name is refused, naming the tensor's shape.</summary>
    public static ITensorAlgorithm Get(string algorithm, Tensor3 x)
    {
        var solver = AlgorithmRegistry.Get(algorithm);
        return IsTensorModel(solver)
            ? (ITensorAlgorithm)solver
            : throw new ArgumentException(
                $"Algorithm '{algorithm}' factorises matrices; it was given a {x.Describe()} tensor. Tensor models: {string.Join(", ", Names)}.");
    }

    /// <summary>
    /// Whether <paramref name="algorithm"/> factorises a 3-way tensor rather than a matrix: the one place this is
    /// decided (Factorization.Run refuses it, the pipeline takes the tensor step, `nmfgrid nmf` wants a 3-D input).
    /// </summary>
    public static bool IsTensorModel(INmfAlgorithm algorithm) => algorithm is ITensorAlgorithm;

    public static IReadOnlyList<string> Names =>
        AlgorithmRegistry.Names.Where(n => IsTensorModel(AlgorithmRegistry.Get(n))).ToArray();
}
