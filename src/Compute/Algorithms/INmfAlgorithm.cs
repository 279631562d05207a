using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// One NMF solver: V (F×T) ≈ W (F×K) · H (K×T), from given starting factors. The inputs are validated
/// before Run is called (one place, before any solver runs); W0 and H0 are never modified.
/// Float32 and float64 both run natively: T is double or float.
/// </summary>
public interface INmfAlgorithm
{
    /// <summary>The name configs and the command line select it by, e.g. "mu".</summary>
    string Name { get; }

    /// <summary>One line for `nmfgrid nmf --list`.</summary>
    string Description { get; }

    /// <summary>The model-specific settings this solver reads from <see cref="NmfOptions.Parameters"/>; none for mu, hals, cd.</summary>
    IReadOnlyList<ModelParameter> Parameters => [];

    /// <summary>Throws <see cref="ArgumentException"/> when the options ask for something this solver cannot do (e.g. β≠2 for HALS).</summary>
    void CheckOptions(NmfOptions options);

    NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas,
                        CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
