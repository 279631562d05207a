using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Initialisation;

/// <summary>
/// Piano transcription's start: W0 = the 88 <see cref="HarmonicTemplates"/> (MIDI 21–108) on the rows'
/// frequencies, H0 = one multiplicative update of a seeded uniform H with W0 fixed, as the seed does.
/// Differences from the seed, on purpose: the seed passes <c>pitch_set=range(1, 89)</c> (MIDI 1–88, not
/// the piano's 21–108), and its unclamped MU pass divides by zero where the lowest rows of W0 are all zero;
/// here the pass is NmfGrid's MU, whose eps32 clamps keep it finite.
/// </summary>
public sealed class HarmonicInitialisation : IInitialisation
{
    public string Name => "harmonic";

    public string Description => "88 harmonic piano-pitch templates (FMP), H from one MU pass; needs row frequencies and rank 88";

    public (Matrix<T> W, Matrix<T> H) Create<T>(Matrix<T> v, InitialisationRequest request, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var frequencies = HarmonicTemplates.RowFrequenciesFor(Name, request, v.RowCount);

        var templates = HarmonicTemplates.Create(frequencies);
        var w0 = ColumnMajor.Wrap(v.RowCount, request.Rank, templates.Select(T.CreateTruncating).ToArray());

        var uniform = new Random(request.Seed);
        var start = new T[request.Rank * v.ColumnCount];
        for (var i = 0; i < start.Length; i++)
        {
            start[i] = T.CreateTruncating(uniform.NextDouble());
        }

        var onePass = new NmfOptions
        {
            Rank = request.Rank,
            Beta = request.Beta,
            MaxIterations = 1,
            Tolerance = 0,
            FixW = true,
        };
        var result = new MultiplicativeUpdate().Run(v, w0, ColumnMajor.Wrap(request.Rank, v.ColumnCount, start), onePass, blas);
        return (w0, result.H);
    }
}
