using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Metrics;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Structure;

/// <summary>
/// Structure's prediction: the estimated segments in seconds (bar-index segments through the bar times) and the
/// segmenter's score. Cached whole: tens of segments. Packed as [version, score, n, starts…, ends…].
/// </summary>
public sealed record SegmentEstimate(IReadOnlyList<TimeInterval> Segments, double SegmentationScore) : TaskPrediction
{
    private const int Format = 1;
    private const int HeaderLength = 3;

    public override Matrix<double> Pack()
    {
        // Loops, not LINQ over the segments: generic code over a value type that the JIT compiled in each worker's first task stage.
        var count = Segments.Count;
        var values = new double[HeaderLength + 2 * count];
        values[0] = Format;
        values[1] = SegmentationScore;
        values[2] = count;
        for (var i = 0; i < count; i++)
        {
            values[HeaderLength + i] = Segments[i].Start;
            values[HeaderLength + count + i] = Segments[i].End;
        }
        return Matrix<double>.Build.Dense(values.Length, 1, values);
    }

    /// <summary>The estimate a packed column holds; null when it holds another layout or is malformed.</summary>
    public static SegmentEstimate? Unpack(Matrix<double> packed)
    {
        if (Values(packed, Format, HeaderLength) is not { } v)
            return null;
        var count = Count(v[2]);
        if (count < 0 || v.Length != HeaderLength + 2L * count)
            return null;
        var segments = Enumerable.Range(0, count).Select(i => new TimeInterval(v[HeaderLength + i], v[HeaderLength + count + i])).ToArray();
        return new SegmentEstimate(segments, v[1]);
    }
}
