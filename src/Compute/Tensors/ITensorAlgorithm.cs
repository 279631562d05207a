using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// A nonnegative model of a 3-way tensor (CP or Tucker). It is registered in <see cref="AlgorithmRegistry"/> like the
/// matrix solvers, so configs and `nmfgrid nmf` select it by name and its parameters are declared the same way; its
/// matrix entry point refuses a matrix, naming the shapes. <see cref="TensorFactorization.Run"/> is the front door.
/// </summary>
public interface ITensorAlgorithm : INmfAlgorithm
{
    /// <summary>True for Tucker (a core tensor is solved for), false for CP.</summary>
    bool HasCore { get; }

    /// <summary>R_n for each mode, from the options' rank (and per-mode rank parameters for Tucker).</summary>
    IReadOnlyList<int> Ranks(NmfOptions options);

    TensorResult Run(Tensor3 x, TensorStart start, NmfOptions options, IBlas blas, CancellationToken cancellation = default);
}

/// <summary>What the four tensor solvers share: option checks and the refusal of matrix input.</summary>
public abstract class TensorAlgorithm : ITensorAlgorithm
{
    /// <summary>nn_fac's floor for factor and core entries under multiplicative updates, so the model never reaches 0.</summary>
    public const double Floor = 1e-12;

    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract bool HasCore { get; }

    public virtual IReadOnlyList<ModelParameter> Parameters => [];

    /// <summary>Only β=2 (HALS).</summary>
    protected abstract bool FrobeniusOnly { get; }

    public virtual IReadOnlyList<int> Ranks(NmfOptions options) => [options.Rank, options.Rank, options.Rank];

    public void CheckOptions(NmfOptions options)
    {
        NmfInputValidation.CheckOptions(options);
        if (FrobeniusOnly && options.Beta != 2.0)
            throw new ArgumentException($"Algorithm '{Name}' minimises the Frobenius norm only (beta 2), got beta {options.Beta}; use the β-MU variant.");
        if (options.AlphaW != 0 || options.AlphaH != 0 || options.L1Ratio != 0)
            throw new ArgumentException($"Algorithm '{Name}' has no penalties: alpha_w, alpha_h and l1_ratio must be 0.");
        if (options.FixW || options.FixH || options.FixedTemplates.Count > 0)
            throw new ArgumentException($"Algorithm '{Name}' cannot fix W, H or templates: a tensor model has a factor per mode.");
        foreach (var rank in Ranks(options))
            if (rank < 1) throw new ArgumentException($"Algorithm '{Name}': every mode's rank must be at least 1, got {rank}.");
    }

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas, CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new ArgumentException(
            $"Algorithm '{Name}' factorises a 3-way tensor; it was given a {v.RowCount}×{v.ColumnCount} matrix.");

    public abstract TensorResult Run(Tensor3 x, TensorStart start, NmfOptions options, IBlas blas, CancellationToken cancellation = default);
}
