namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Segment boundary detection (hit rate), the semantics of mir_eval 0.7 segment.detection
/// (Turnbull et al. 2007): boundaries = distinct interval ends rounded to 5 decimals, optionally without the
/// first and last (trim), matched one-to-one within ±window seconds by maximum bipartite matching.
/// </summary>
public static class BoundaryDetection
{
    /// <summary>P = |M|/n_est, R = |M|/n_ref, F_β.</summary>
    /// <exception cref="ArgumentException">Invalid intervals, a non-positive window, or an empty reference.</exception>
    public static DetectionScores Score(
        IReadOnlyList<TimeInterval> reference, IReadOnlyList<TimeInterval> estimate,
        double window = 0.5, bool trim = false, double beta = 1.0)
    {
        if (!(window > 0)) throw new ArgumentException($"Boundary window must be > 0 seconds, got {window}.");
        // mir_eval only warns ("Reference too short") and scores zero; an empty reference is a data error here.
        if (reference.Count == 0) throw new ArgumentException("Reference segmentation is empty: no boundary to detect.");
        IntervalRules.Validate(reference, "Reference segments");
        IntervalRules.Validate(estimate, "Estimated segments");

        var refBoundaries = IntervalRules.ToBoundaries(reference);
        var estBoundaries = IntervalRules.ToBoundaries(estimate);
        if (trim)
        {
            refBoundaries = refBoundaries.Length > 2 ? refBoundaries[1..^1] : [];
            estBoundaries = estBoundaries.Length > 2 ? estBoundaries[1..^1] : [];
        }
        if (refBoundaries.Length == 0 || estBoundaries.Length == 0) return new DetectionScores(0, 0, 0);

        int matched = EventMatching.Count(refBoundaries, estBoundaries, window);
        double precision = (double)matched / estBoundaries.Length;
        double recall = (double)matched / refBoundaries.Length;
        return new DetectionScores(precision, recall, FMeasure.Of(precision, recall, beta));
    }

    /// <summary>
    /// Boundary detection as nmf_audio_benchmark scored segmentations (as_seg compute_score_of_segmentation): the
    /// reference adjusted to start at 0, the estimate adjusted to [0, end of the reference's last interval],
    /// zero-length estimated intervals left by the clipping dropped, then <see cref="Score"/>.
    /// </summary>
    public static DetectionScores ScoreAsSeed(
        IReadOnlyList<TimeInterval> reference, IReadOnlyList<TimeInterval> estimate, double window = 0.5, bool trim = false)
    {
        if (reference.Count == 0) throw new ArgumentException("Reference segmentation is empty: no boundary to detect.");
        var adjustedReference = IntervalAdjustment.Adjust(reference, 0.0, null);
        var clipped = IntervalAdjustment.Adjust(estimate, 0.0, adjustedReference[^1].End);
        var kept = 0;
        foreach (var x in clipped)
            if (x.End != x.Start) kept++;
        var adjustedEstimate = new TimeInterval[kept];
        kept = 0;
        foreach (var x in clipped)
            if (x.End != x.Start) adjustedEstimate[kept++] = x;
        return Score(adjustedReference, adjustedEstimate, window, trim);
    }
}
