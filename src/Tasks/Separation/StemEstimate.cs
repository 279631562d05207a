using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Separation;

/// <summary>
/// Separation's prediction: the separated signals, the source each NMF component was assigned to, and the
/// clustering's stability (null when not measured).
/// Only the assignment is cached (packed as [version, has stability, stability, K, labels…]), not the signals: they
/// are every source at the mixture's full length (4 × 1.3 M doubles, 42 MB, for 30 s at 44.1 kHz; 340 MB for a whole
/// MUSDB track), per track and per prediction setting, and storing them as float32 would make a cached job's scores
/// differ from a computed one's in the last digits. The signals follow from the labels, the factors and the mixture by
/// a deterministic rebuild (masks and inverse STFT: a fraction of a second per stem), so a job that reads the
/// assignment rebuilds the very same signals, while the part that may be costly and seeded (k-means with its restarts
/// and the stability seeds) runs once.
/// </summary>
public sealed record StemEstimate(IReadOnlyList<double[]> Estimates, int[] Labels, double? Stability) : TaskPrediction
{
    private const int Format = 1;
    private const int HeaderLength = 4;

    public override Matrix<double> Pack()
    {
        var values = new List<double>(HeaderLength + Labels.Length)
        {
            Format, Stability is null ? 0 : 1, Stability ?? 0, Labels.Length,
        };
        values.AddRange(Labels.Select(l => (double)l));
        return Matrix<double>.Build.Dense(values.Count, 1, values.ToArray());
    }

    /// <summary>The assignment a packed column holds; null when it holds another layout or is malformed.</summary>
    public static (int[] Labels, double? Stability)? Assignment(Matrix<double> packed)
    {
        if (Values(packed, Format, HeaderLength) is not { } v || v[1] is not (0 or 1))
            return null;
        int count = Count(v[3]);
        if (count < 0 || v.Length != HeaderLength + count)
            return null;
        var labels = v[HeaderLength..].Select(Count).ToArray();
        return labels.Any(l => l < 0) ? null : (labels, v[1] == 1 ? v[2] : null);
    }
}
