using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Models;

/// <summary>
/// How a factorisation's K components make the spectrogram: the one function tasks call for "component k's
/// spectrogram" (a Wiener mask's numerator, a source estimate) and for the reconstruction (all components).
/// Plain NMF is <see cref="ProductModel{T}"/> (W[:,S]·H[S,:]); NMFD is <see cref="ConvolutiveModel{T}"/>.
/// </summary>
public interface IComponentModel<T>
    where T : struct, IEquatable<T>, IFormattable
{
    /// <summary>K, the number of components.</summary>
    int Rank { get; }

    /// <summary>The F×T spectrogram the listed components make together (all of them: the reconstruction Λ).</summary>
    Matrix<T> Spectrogram(IReadOnlyList<int> components);
}
