using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// H to notes by onset detection on each pitch's activation (the rows of one pitch summed), with every threshold relative
/// to the piece (a = activation / the piece's largest activation):
///   s = moving average of a (onset_smoothing frames),  c = log(1 + γ·s)/log(1 + γ)  (γ = onset_compression; 0: c = s),
///   novelty n[t] = max(0, c[t] − c[t−1]),  onsets = peaks of n ≥ onset_threshold, onset_wait apart (<see cref="OnsetPeaks"/>).
/// A note runs from its onset to the first frame after its peak (the largest s before the next onset) where s falls under
/// offset_fraction × peak, or to the next onset; it is kept when its peak reaches peak_threshold and it lasts min_duration.
/// Times are the frames' times plus onset_shift.
/// </summary>
public static class OnsetNotes
{
    public static IReadOnlyList<Note> Detect(Matrix<double> h, IReadOnlyList<int?> pitches, TranscriptionSettings settings)
    {
        if (pitches.Count != h.RowCount)
            throw new ArgumentException($"H has {h.RowCount} rows but {pitches.Count} template pitches were given.", nameof(pitches));
        int frames = h.ColumnCount;
        var activations = new SortedDictionary<int, double[]>();
        for (int k = 0; k < h.RowCount; k++)
        {
            if (pitches[k] is not { } pitch) continue;
            if (!activations.TryGetValue(pitch, out var row)) activations[pitch] = row = new double[frames];
            for (int t = 0; t < frames; t++) row[t] += h[k, t];
        }
        double max = activations.Values.SelectMany(r => r).DefaultIfEmpty(0).Max();
        if (!(max > 0)) return [];
        var notes = new List<Note>();
        foreach (var (pitch, row) in activations)
            notes.AddRange(PitchNotes(row.Select(x => x / max).ToArray(), pitch, settings));
        return notes.OrderBy(n => n.Onset).ThenBy(n => n.MidiPitch).ToArray();
    }

    /// <summary>The notes of one pitch from its activation, already divided by the piece's largest activation.</summary>
    public static IEnumerable<Note> PitchNotes(IReadOnlyList<double> activation, int pitch, TranscriptionSettings settings)
    {
        var s = OnsetPeaks.Smooth(activation, settings.OnsetSmoothing);
        double gamma = settings.OnsetCompression;
        var c = gamma > 0 ? s.Select(x => Math.Log(1 + gamma * x) / Math.Log(1 + gamma)).ToArray() : s;
        double frameSeconds = (double)settings.HopLength / settings.SampleRate;
        int wait = (int)Math.Round(settings.OnsetWait / frameSeconds);
        var onsets = OnsetPeaks.Pick(OnsetPeaks.Novelty(c), settings.OnsetThreshold, wait);
        for (int i = 0; i < onsets.Length; i++)
        {
            int onset = onsets[i], end = i + 1 < onsets.Length ? onsets[i + 1] : s.Length;
            int top = onset;
            for (int t = onset + 1; t < end; t++)
                if (s[t] > s[top]) top = t;
            if (s[top] < settings.PeakThreshold) continue;
            int offset = end;
            for (int t = top + 1; t < end; t++)
            {
                if (s[t] < settings.OffsetFraction * s[top])
                {
                    offset = t;
                    break;
                }
            }
            double on = Math.Max(0, settings.FrameTime(onset) + settings.OnsetShift);
            double off = Math.Max(on, settings.FrameTime(offset) + settings.OnsetShift);
            if (off - on >= settings.MinDuration) yield return new Note(on, off, pitch);
        }
    }
}
