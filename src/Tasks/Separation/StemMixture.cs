using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Separation;

/// <summary>
/// A prepared separation track: V = |X| of the mono mixture, the complex STFT X itself (masks and phase come from
/// it), the mono mixture samples (silent stems are judged against its energy), and the mono reference stems at
/// full length, in MUSDB order (drums, bass, other, vocals).
/// </summary>
public sealed record StemMixture(
    Matrix<double> Magnitude,
    Matrix<Complex> Spectrum,
    IReadOnlyList<Stem> Stems,
    IReadOnlyList<double[]> References,
    double[] Mixture,
    int SampleRate,
    string TrackId) : TaskInput(Magnitude)
{
    public int MixtureLength => Mixture.Length;
}
