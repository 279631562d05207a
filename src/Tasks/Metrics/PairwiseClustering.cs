namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Pairwise frame-clustering agreement, the semantics of mir_eval 0.7 segment.pairwise (Levy &amp; Sandler 2008):
/// both segmentations are sampled every <c>frameSize</c> seconds (times k·frameSize in float32, as mir_eval
/// computes them, k = 0 … ⌊end/frameSize⌋ − 1; a later segment wins at a shared endpoint; labels compared
/// case-insensitively); over unordered frame pairs,
///   P = |same label in both| / |same label in estimate|,  R = |same label in both| / |same label in reference|.
/// Both segmentations must start at 0 and end at the same time (mir_eval validate_structure); 0/0 gives NaN
/// as in numpy.
/// </summary>
public static class PairwiseClustering
{
    /// <exception cref="ArgumentException">Invalid intervals, a segmentation not starting at 0, different end
    /// times, an empty reference, or a non-positive frame size.</exception>
    public static DetectionScores Score(
        IReadOnlyList<LabeledSegment> reference, IReadOnlyList<LabeledSegment> estimate, double frameSize = 0.1, double beta = 1.0)
    {
        if (!(frameSize > 0)) throw new ArgumentException($"Frame size must be > 0 seconds, got {frameSize}.");
        if (reference.Count == 0) throw new ArgumentException("Reference segmentation is empty: pairwise scores are undefined.");
        ValidateStructure(reference, "Reference segments");
        ValidateStructure(estimate, "Estimated segments");
        if (estimate.Count == 0) return new DetectionScores(0, 0, 0);
        double refEnd = reference.Max(s => s.End), estEnd = estimate.Max(s => s.End);
        if (!(Math.Abs(estEnd - refEnd) <= 1e-8 + 1e-5 * Math.Abs(estEnd)))
            throw new ArgumentException($"End times do not match: reference ends at {refEnd} s, estimate at {estEnd} s.");

        var yRef = Sample(reference, frameSize);
        var yEst = Sample(estimate, frameSize);
        // Ends that agree only within tolerance can still floor to different frame counts (mir_eval then fails).
        if (yRef.Length != yEst.Length)
            throw new ArgumentException($"Reference and estimate sample to different frame counts ({yRef.Length} vs {yEst.Length}).");
        // Σ_{pairs i<j} [y_i = y_j] = Σ_label C(count, 2): per reference label, per estimate label, per (ref, est) pair.
        double agreeRef = Pairs(yRef.GroupBy(x => x));
        double agreeEst = Pairs(yEst.GroupBy(x => x));
        double agreeBoth = Pairs(Enumerable.Range(0, yRef.Length).GroupBy(i => (yRef[i], yEst[i])));
        double precision = agreeBoth / agreeEst;
        double recall = agreeBoth / agreeRef;
        return new DetectionScores(precision, recall, FMeasure.Of(precision, recall, beta));
    }

    /// <summary>mir_eval util.intervals_to_samples + index_labels: one lower-cased label per frame ("none" where no segment covers it).</summary>
    public static string[] Sample(IReadOnlyList<LabeledSegment> segments, double frameSize)
    {
        int count = (int)Math.Floor(segments.Max(s => s.End) / frameSize);
        // numpy: float32 indices times the frame size stay float32.
        var times = new double[count];
        for (int k = 0; k < count; k++) times[k] = (float)k * (float)frameSize;
        var labels = Enumerable.Repeat("none", count).ToArray();
        foreach (var s in segments)
        {
            int first = LowerBound(times, s.Start);
            int last = UpperBound(times, s.End);
            for (int k = first; k < last; k++) labels[k] = s.Label.ToLowerInvariant();
        }
        return labels;
    }

    private static void ValidateStructure(IReadOnlyList<LabeledSegment> segments, string what)
    {
        IntervalRules.Validate(segments.Select(s => s.Interval).ToArray(), what);
        if (segments.Count > 0)
        {
            double start = segments.Min(s => Math.Min(s.Start, s.End));
            if (!(Math.Abs(start) <= 1e-8)) throw new ArgumentException($"{what} do not start at 0 (first time {start} s).");
        }
    }

    private static double Pairs<T>(IEnumerable<IGrouping<T, int>> groups) => groups.Sum(g => { double c = g.Count(); return c * (c - 1) / 2; });

    private static double Pairs<T>(IEnumerable<IGrouping<T, string>> groups) => groups.Sum(g => { double c = g.Count(); return c * (c - 1) / 2; });

    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
