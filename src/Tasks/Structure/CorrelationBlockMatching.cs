using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Structure;

/// <summary>A segmentation into bar-index segments [Start, End) and the score the dynamic programme reached.</summary>
public sealed record BarSegmentation(IReadOnlyList<(int Start, int End)> Segments, double Score);

/// <summary>Options of <see cref="CorrelationBlockMatching"/>; defaults are the seed task's (MSA_CBMEstimator).</summary>
public sealed record CbmOptions
{
    public int MinSize { get; init; } = 1;
    public int MaxSize { get; init; } = 32;
    public double PenaltyWeight { get; init; } = 1;
    public string PenaltyFunction { get; init; } = "modulo8";

    /// <summary>Band width b of the kernels; null for the full kernel.</summary>
    public int? Bands { get; init; } = 7;

    /// <summary>
    /// as_seg 0.1.11 runs the programme over boundaries 0…N−1 only, so the last bar never belongs to a segment (false);
    /// true runs it to N, so the last bar is segmented like the others.
    /// </summary>
    public bool IncludeLastBar { get; init; }
}

/// <summary>
/// Correlation Block-Matching segmentation (Marmoret, Cohen &amp; Bimbot, TISMIR 2023; as_seg 0.1.11 compute_cbm,
/// mir-tasks §4.4). For a bar autosimilarity A, a segment [s, e) of p = e − s bars scores
///   corr(s, e)·p − pen(p)·λ·C8,   corr(s, e) = Σ_ij K_p[i, j]·A[s+i, s+j] / p²,   C8 = max(0, max_i corr(i − 8, i)),
/// and dynamic programming finds the tiling of the bars that maximises the total score.
/// </summary>
public static class CorrelationBlockMatching
{
    public static BarSegmentation Segment(Matrix<double> autosimilarity, CbmOptions options)
    {
        if (autosimilarity.RowCount != autosimilarity.ColumnCount)
            throw new ArgumentException($"Autosimilarity must be square, got {autosimilarity.RowCount}×{autosimilarity.ColumnCount}.", nameof(autosimilarity));
        if (options.MinSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MinSize, "CBM min_size must be at least 1.");
        if (options.MaxSize < options.MinSize) throw new ArgumentOutOfRangeException(nameof(options), options.MaxSize, "CBM max_size must be at least min_size.");
        if (options.Bands is < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Bands, "CBM bands must be at least 1 (or null for the full kernel).");
        var penalty = SegmentPenalty.Get(options.PenaltyFunction);
        var n = autosimilarity.RowCount;
        var last = options.IncludeLastBar ? n : n - 1;
        if (last < 1) return new BarSegmentation([], 0);

        var values = autosimilarity.AsColumnMajorArray() ?? autosimilarity.ToColumnMajorArray();
        var c8 = NormalisationConstant(autosimilarity, options.Bands, last);
        var best = new double[last + 1];
        var from = new int[last + 1];
        for (var i = 1; i <= last; i++) best[i] = double.NegativeInfinity; // a loop: Array.Fill<double> is JIT-compiled at a first song
        best[0] = 0;
        for (var i = 1; i <= last; i++)
        {
            var first = i >= options.MaxSize ? i - options.MaxSize : 0;
            for (var s = first; s <= i - options.MinSize; s++)
            {
                var p = i - s;
                var score = Correlation(values, n, s, i, options.Bands) * p - penalty(p) * options.PenaltyWeight * c8;
                var candidate = s == 0 ? score : best[s] + score;
                // Strictly greater: ties keep the earliest start, i.e. the longest segment, as the seed does.
                if (candidate > best[i]) { best[i] = candidate; from[i] = s; }
            }
        }
        // Back from the last boundary, filled from the end so the segments come out in time order.
        var count = 0;
        for (var e = last; e > 0; e = from[e]) count++;
        var segments = new (int, int)[count];
        for (var e = last; e > 0; e = from[e]) segments[--count] = (from[e], e);
        return new BarSegmentation(segments, best[last]);
    }

    /// <summary>corr(s, e) = Σ_{1 ≤ |i−j| ≤ b} A[s+i, s+j] / p², p = e − s.</summary>
    public static double Correlation(Matrix<double> a, int start, int end, int? bands)
    {
        ArgumentNullException.ThrowIfNull(a);
        var values = a.AsColumnMajorArray() ?? a.ToColumnMajorArray();
        return Correlation(values, a.RowCount, start, end, bands);
    }

    // The kernel's non-zero entries only (1 ≤ |i − j| ≤ b), visited in the same order as the full double loop, so the
    // sum is the same number (A[s+i, s+j] as stored: a product's two triangles need not be bit-symmetric).
    private static double Correlation(double[] a, int n, int start, int end, int? bands)
    {
        var p = end - start;
        var b = bands ?? p;
        double sum = 0;
        for (var i = 0; i < p; i++)
        {
            var row = start + i;
            for (var j = Math.Max(0, i - b); j < i; j++)
                sum += a[(start + j) * n + row];
            for (var j = i + 1; j <= Math.Min(p - 1, i + b); j++)
                sum += a[(start + j) * n + row];
        }
        return sum / ((double)p * p);
    }

    /// <summary>
    /// C8 = max(0, max over i = 8…last of corr(i − 8, i)): the best 8-bar block among those the programme can use
    /// (the seed's i = 8…N−1); 0 when fewer than 8 bars are segmented.
    /// </summary>
    public static double NormalisationConstant(Matrix<double> a, int? bands, int last)
    {
        ArgumentNullException.ThrowIfNull(a);
        var values = a.AsColumnMajorArray() ?? a.ToColumnMajorArray();
        double c8 = 0;
        for (var i = 8; i <= last; i++) c8 = Math.Max(c8, Correlation(values, a.RowCount, i - 8, i, bands));
        return c8;
    }
}
