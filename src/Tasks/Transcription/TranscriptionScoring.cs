using NmfGrid.Tasks.Metrics;
using DatasetNote = NmfGrid.Tasks.Datasets.Note;
using MetricNote = NmfGrid.Tasks.Metrics.Note;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// Scores estimated notes against the reference with the project's mir_eval ports: note P/R/F/overlap and the
/// seed's accuracy TP/(TP+FP+FN) at the onset tolerance (offsets ignored, as the seed scores), the same with
/// mir_eval's offset criterion (20 % of the reference duration, at least 50 ms) under "offset.", and frame-level
/// multi-pitch P/R/F/accuracy on the STFT frame grid under "frame.".
/// </summary>
public static class TranscriptionScoring
{
    /// <summary>The seed scores MIDI numbers as if they were Hz with this tolerance: exact MIDI equality (mir_eval#313).</summary>
    public const double SeedPitchToleranceCents = 0.1;

    public static Dictionary<string, double> Score(
        IReadOnlyList<DatasetNote> reference, IReadOnlyList<DatasetNote> estimate, int frames, TranscriptionSettings settings)
    {
        if (reference.Count == 0)
            throw new ArgumentException("The reference has no notes: transcription scores are undefined.", nameof(reference));
        // Right: MIDI → Hz and mir_eval's 50 cents. Seed: MIDI numbers where Hz are expected, 0.1 "cents".
        var pitchCents = settings.PitchInHz ? new NoteTolerance().PitchCents : SeedPitchToleranceCents;
        var refNotes = reference.Select(n => ToMetric(n, settings.PitchInHz)).ToArray();
        var estNotes = estimate.Select(n => ToMetric(n, settings.PitchInHz)).ToArray();

        var onsetOnly = NoteTranscription.Score(refNotes, estNotes,
            new NoteTolerance(Onset: settings.OnsetTolerance, PitchCents: pitchCents, OffsetRatio: null));
        var withOffset = NoteTranscription.Score(refNotes, estNotes,
            new NoteTolerance(Onset: settings.OnsetTolerance, PitchCents: pitchCents));
        var frame = FrameScores(reference, estimate, frames, settings);

        return new Dictionary<string, double>
        {
            ["precision"] = onsetOnly.Precision,
            ["recall"] = onsetOnly.Recall,
            ["f1"] = onsetOnly.F1,
            ["overlap"] = onsetOnly.AverageOverlap,
            ["accuracy"] = onsetOnly.Accuracy,
            ["offset.precision"] = withOffset.Precision,
            ["offset.recall"] = withOffset.Recall,
            ["offset.f1"] = withOffset.F1,
            ["offset.overlap"] = withOffset.AverageOverlap,
            ["offset.accuracy"] = withOffset.Accuracy,
            ["frame.precision"] = frame.Precision,
            ["frame.recall"] = frame.Recall,
            ["frame.f1"] = frame.F1,
            ["frame.accuracy"] = frame.Accuracy,
            ["notes.reference"] = reference.Count,
            ["notes.estimated"] = estimate.Count,
        };
    }

    /// <summary>Multi-pitch scores on the frame grid t·hop/sr: a note sounds at t when onset ≤ t &lt; offset.</summary>
    public static MultipitchScores FrameScores(
        IReadOnlyList<DatasetNote> reference, IReadOnlyList<DatasetNote> estimate, int frames, TranscriptionSettings settings)
    {
        var times = Enumerable.Range(0, frames).Select(t => (double)t * settings.HopLength / settings.SampleRate).ToArray();
        // mir_eval refuses pitches outside 20–5000 Hz; only an estimate can get there (a wide pitch_min/pitch_max).
        var estimated = Sounding(estimate, times)
            .Select(f => f.Where(hz => hz is >= Multipitch.MinFrequency and <= Multipitch.MaxFrequency).ToArray()).ToArray();
        return Multipitch.Score(times, Sounding(reference, times), times, estimated);
    }

    /// <summary>Hz of the notes sounding at each time.</summary>
    public static double[][] Sounding(IReadOnlyList<DatasetNote> notes, IReadOnlyList<double> times) =>
        times.Select(t => notes.Where(n => n.Onset <= t && t < n.Offset)
                               .Select(n => MetricNote.MidiToHz(n.MidiPitch)).ToArray()).ToArray();

    private static MetricNote ToMetric(DatasetNote note, bool inHz) =>
        inHz ? MetricNote.FromMidi(note.Onset, note.Offset, note.MidiPitch) : new MetricNote(note.Onset, note.Offset, note.MidiPitch);
}
