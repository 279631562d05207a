using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// H to notes, the seed's H_to_activations (nmf_audio_benchmark, after Marmoret, Bertin &amp; Cohen 2019). Row k
/// (pitch p_k) is on at frame t when, with θ = threshold·‖H‖_F (or threshold without normalisation):
///   fixed:    H[k,t] &gt; θ and mean(H[k, t … t+s−1]) &gt; θ          (s = smoothing window, cut at the end)
///   adaptive: H[k,t] &gt; θ + mean(H[k, t−w … t+w−1])                (w = adaptive window, cut at both ends)
/// A note starts at the first frame on (moved back to the first of frames t−2…t above θ/10 with onset refinement:
/// annotated piano onsets precede the activation peak) and ends at the first frame off. Same-pitch notes from several
/// templates are merged where they touch or overlap.
/// </summary>
public static class ActivationNotes
{
    /// <summary>The notes of H in seconds, sorted by onset then pitch; rows whose pitch is null are skipped.</summary>
    public static IReadOnlyList<Note> Detect(Matrix<double> h, IReadOnlyList<int?> pitches, TranscriptionSettings settings)
    {
        if (pitches.Count != h.RowCount)
            throw new ArgumentException($"H has {h.RowCount} rows but {pitches.Count} template pitches were given.", nameof(pitches));
        var notes = new List<Note>();
        foreach (var (onset, offset, k) in DetectFrames(h, settings))
        {
            if (pitches[k] is { } pitch)
                notes.Add(new Note(settings.FrameTime(onset), settings.FrameTime(offset), pitch));
        }
        var merged = MergeOverlaps(notes, settings.MergeGap);
        return settings.MinDuration > 0 ? merged.Where(n => n.Offset - n.Onset >= settings.MinDuration).ToArray() : merged;
    }

    private static double MaxOf(Matrix<double> h)
    {
        double max = 0;
        foreach (var x in h.Enumerate()) max = Math.Max(max, x);
        return max;
    }

    /// <summary>Note spans per row as frame indices [onset, offset), offset = first frame off (T when closed at the end).</summary>
    public static IReadOnlyList<(int Onset, int Offset, int Row)> DetectFrames(Matrix<double> h, TranscriptionSettings settings)
    {
        int rows = h.RowCount, frames = h.ColumnCount;
        double theta = settings.Threshold * (!settings.NormaliseH ? 1.0 : settings.ThresholdOfMax ? MaxOf(h) : h.FrobeniusNorm());
        var spans = new List<(int, int, int)>();
        var row = new double[frames];
        var prefix = new double[frames + 1];
        for (int k = 0; k < rows; k++)
        {
            for (int t = 0; t < frames; t++)
            {
                row[t] = h[k, t];
                prefix[t + 1] = prefix[t] + row[t];
            }
            double Mean(int from, int to) => to > from ? (prefix[to] - prefix[from]) / (to - from) : double.NaN;
            bool On(int t) => settings.AdaptiveThreshold
                ? row[t] > theta + Mean(Math.Max(0, t - settings.AdaptiveWindow), Math.Min(frames, t + settings.AdaptiveWindow))
                : row[t] > theta && Mean(t, Math.Min(frames, t + settings.SmoothingWindow)) > theta;

            int onset = -1;
            for (int t = 0; t < frames; t++)
            {
                bool on = On(t);
                if (on && onset < 0)
                    onset = settings.OnsetRefinement ? RefineOnset(row, t, theta) : t;
                else if (!on && onset >= 0)
                {
                    spans.Add((onset, t, k));
                    onset = -1;
                }
            }
            if (onset >= 0 && settings.CloseAtEnd)
                spans.Add((onset, frames, k));
        }
        return spans;
    }

    /// <summary>The seed's find_onset: the first of frames t−2, t−1, t whose activation exceeds θ/10.</summary>
    public static int RefineOnset(IReadOnlyList<double> row, int t, double theta)
    {
        for (int candidate = Math.Max(0, t - 2); candidate < t; candidate++)
            if (row[candidate] > 0.1 * theta) return candidate;
        return t;
    }

    /// <summary>
    /// Same-pitch notes whose offset reaches the next onset (off + gap ≥ on'; the seed's gap is 0) become one, ending at
    /// the later offset. A gap bridges an activation that dips under the threshold for a frame or two.
    /// </summary>
    public static IReadOnlyList<Note> MergeOverlaps(IEnumerable<Note> notes, double gap = 0)
    {
        var merged = new List<Note>();
        foreach (var group in notes.GroupBy(n => n.MidiPitch))
        {
            Note? current = null;
            foreach (var next in group.OrderBy(n => n.Onset))
            {
                if (current is null) current = next;
                else if (current.Offset + gap >= next.Onset) current = current with { Offset = Math.Max(current.Offset, next.Offset) };
                else
                {
                    merged.Add(current);
                    current = next;
                }
            }
            if (current is not null) merged.Add(current);
        }
        return merged.OrderBy(n => n.Onset).ThenBy(n => n.MidiPitch).ToArray();
    }
}
