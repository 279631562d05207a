namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Note-level transcription metrics, the semantics of mir_eval 0.7 transcription.precision_recall_f1_overlap
/// (Bay, Ehmann &amp; Downie 2009, as implemented by mir_eval): optimal one-to-one matching of notes whose
/// onsets (rounded to 4 decimals), pitches (cents) and optionally offsets agree within tolerance.
/// </summary>
public static class NoteTranscription
{
    /// <summary>Precision, recall, F1, average overlap ratio and the seed's accuracy.</summary>
    /// <exception cref="ArgumentException">Invalid notes (the mir_eval checks), or an empty reference.</exception>
    public static TranscriptionScores Score(IReadOnlyList<Note> reference, IReadOnlyList<Note> estimate, NoteTolerance? tolerance = null)
    {
        tolerance ??= new NoteTolerance();
        tolerance.Validate();
        Validate(reference, "Reference notes");
        Validate(estimate, "Estimated notes");
        // mir_eval only warns and returns zeros for an empty reference; the scores are undefined, so say so.
        if (reference.Count == 0)
            throw new ArgumentException("Reference notes are empty: transcription scores are undefined.");
        if (estimate.Count == 0)
            return new TranscriptionScores(0, 0, 0, 0, 0, 0, reference.Count, 0);

        var matching = Match(reference, estimate, tolerance);
        int m = matching.Count;
        double precision = (double)m / estimate.Count;
        double recall = (double)m / reference.Count;
        double overlap = AverageOverlap(reference, estimate, matching);
        int denominator = m + (estimate.Count - m) + (reference.Count - m);
        double accuracy = denominator == 0 ? 0 : (double)m / denominator;
        return new TranscriptionScores(precision, recall, FMeasure.Of(precision, recall), overlap, accuracy, m, reference.Count, estimate.Count);
    }

    /// <summary>
    /// The same scores from parallel arrays of intervals and pitches in Hz (mir_eval's own input shape);
    /// the arrays of each side must have the same length.
    /// </summary>
    public static TranscriptionScores Score(
        IReadOnlyList<TimeInterval> referenceIntervals, IReadOnlyList<double> referencePitchesHz,
        IReadOnlyList<TimeInterval> estimateIntervals, IReadOnlyList<double> estimatePitchesHz,
        NoteTolerance? tolerance = null) =>
        Score(Zip(referenceIntervals, referencePitchesHz, "Reference"),
              Zip(estimateIntervals, estimatePitchesHz, "Estimated"), tolerance);

    private static Note[] Zip(IReadOnlyList<TimeInterval> intervals, IReadOnlyList<double> pitches, string side)
    {
        IntervalRules.Validate(intervals, side + " intervals");
        if (intervals.Count != pitches.Count)
            throw new ArgumentException(
                $"Number of {side.ToLowerInvariant()} intervals ({intervals.Count}) does not match the number of {side.ToLowerInvariant()} pitches ({pitches.Count}).");
        return intervals.Select((t, i) => new Note(t.Start, t.End, pitches[i])).ToArray();
    }

    /// <summary>The mir_eval input checks, in its order: intervals, then pitches strictly positive.</summary>
    public static void Validate(IReadOnlyList<Note> notes, string what)
    {
        IntervalRules.Validate(notes.Select(n => n.Interval).ToArray(), what);
        for (int i = 0; i < notes.Count; i++)
        {
            if (!(notes[i].PitchHz > 0))
                throw new ArgumentException($"{what}: contains at least one non-positive pitch value (note {i} has {notes[i].PitchHz} Hz).");
        }
    }

    /// <summary>
    /// Matched pairs (reference index, estimate index), sorted by reference index (mir_eval match_notes).
    /// hit(i,j) = round4|on_i − on_j| ≤ tol_on ∧ |1200·log2(f_i/f_j)| ≤ tol_cents
    ///            ∧ [round4|off_i − off_j| ≤ max(ratio·dur_i, min_off)].
    /// </summary>
    public static IReadOnlyList<(int Reference, int Estimate)> Match(IReadOnlyList<Note> reference, IReadOnlyList<Note> estimate, NoteTolerance tolerance)
    {
        bool strict = tolerance.Strict;
        bool Within(double distance, double limit) => strict ? distance < limit : distance <= limit;

        var logRef = reference.Select(n => Math.Log2(n.PitchHz)).ToArray();
        var logEst = estimate.Select(n => Math.Log2(n.PitchHz)).ToArray();

        // Graph from estimates to the references they hit, in the row-major (reference, estimate) scan
        // order mir_eval builds it with, so the matching picks the same pairs.
        var order = new int[estimate.Count];
        var count = 0;
        var rights = new List<int>?[estimate.Count];
        for (int i = 0; i < reference.Count; i++)
        {
            var r = reference[i];
            double offsetLimit = tolerance.OffsetRatio is { } ratio
                ? Math.Max(ratio * (r.Offset - r.Onset), tolerance.OffsetMinimum)
                : 0;
            for (int j = 0; j < estimate.Count; j++)
            {
                var e = estimate[j];
                if (!Within(Rounding.HalfEven(Math.Abs(r.Onset - e.Onset), 4), tolerance.Onset)) continue;
                if (!Within(Math.Abs(1200 * (logRef[i] - logEst[j])), tolerance.PitchCents)) continue;
                if (tolerance.OffsetRatio is not null
                    && !Within(Rounding.HalfEven(Math.Abs(r.Offset - e.Offset), 4), offsetLimit)) continue;
                if (rights[j] is not { } list)
                {
                    list = [];
                    rights[j] = list;
                    order[count++] = j;
                }
                list.Add(i);
            }
        }
        var graph = new int[count][];
        for (var k = 0; k < count; k++) graph[k] = rights[order[k]]!.ToArray();
        var matchOf = BipartiteMatching.MatchOfRight(graph, reference.Count);
        var pairs = new List<(int Reference, int Estimate)>();
        for (var i = 0; i < matchOf.Length; i++)
        {
            if (matchOf[i] >= 0) pairs.Add((i, order[matchOf[i]]));
        }
        return pairs;
    }

    /// <summary>
    /// Mean over matched pairs of overlap/union of the two intervals:
    /// (min(off) − max(on)) / (max(off) − min(on)); 0 without matches.
    /// </summary>
    public static double AverageOverlap(IReadOnlyList<Note> reference, IReadOnlyList<Note> estimate, IReadOnlyList<(int Reference, int Estimate)> matching)
    {
        if (matching.Count == 0) return 0;
        double sum = 0;
        foreach (var (i, j) in matching)
        {
            var r = reference[i];
            var e = estimate[j];
            sum += (Math.Min(r.Offset, e.Offset) - Math.Max(r.Onset, e.Onset))
                 / (Math.Max(r.Offset, e.Offset) - Math.Min(r.Onset, e.Onset));
        }
        return sum / matching.Count;
    }
}
