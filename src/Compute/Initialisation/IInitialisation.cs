using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Initialisation;

/// <summary>What an initialisation may use besides V: the rank, a seed, user factors, the frequency of each row.</summary>
public sealed record InitialisationRequest
{
    public required int Rank { get; init; }

    public int Seed { get; init; }

    /// <summary>β of the run, for initialisations that take a solver step (harmonic: one MU pass on H).</summary>
    public double Beta { get; init; } = 2.0;

    /// <summary>User-supplied W0 (custom init, or the fixed part of a semi-supervised W).</summary>
    public Matrix<double>? W0 { get; init; }

    /// <summary>User-supplied H0 (custom init).</summary>
    public Matrix<double>? H0 { get; init; }

    /// <summary>Centre frequency in Hz of each row of V, for initialisations that know about pitch (harmonic).</summary>
    public IReadOnlyList<double>? RowFrequencies { get; init; }
}

/// <summary>A way to choose W0 and H0 from V, selected by name ("random", "nndsvd", "harmonic", …).</summary>
public interface IInitialisation
{
    string Name { get; }

    string Description { get; }

    (Matrix<T> W, Matrix<T> H) Create<T>(Matrix<T> v, InitialisationRequest request, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
