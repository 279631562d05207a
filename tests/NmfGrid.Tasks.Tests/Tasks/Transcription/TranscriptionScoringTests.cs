using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Transcription;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

public class TranscriptionScoringTests
{
    private static readonly Note[] Reference = [new(0, 0.5, 60), new(1, 1.5, 64), new(2, 2.5, 67)];

    [Fact]
    public void A_perfect_transcription_scores_one_everywhere()
    {
        var m = TranscriptionScoring.Score(Reference, Reference, 150, TranscriptionSettings.NmfGrid);
        foreach (var key in new[] { "precision", "recall", "f1", "overlap", "accuracy", "offset.f1", "frame.precision", "frame.recall", "frame.f1" })
            Assert.Equal(1.0, m[key], 12);
    }

    [Fact]
    public void Adjacent_semitones_never_match_in_Hz_or_in_the_seeds_units()
    {
        // mir-tasks §1.2's example: 65 vs 64 "Hz" is 26.8 cents, so mir_eval's default would match it;
        // in Hz with 50 cents, and in the seed's MIDI-as-Hz with 0.1 cent, it does not.
        Note[] estimate = [new(0.05, 0.3, 60), new(1, 1.2, 65), new(2.0501, 2.4, 67)];
        var hz = TranscriptionScoring.Score(Reference, estimate, 150, TranscriptionSettings.NmfGrid);
        var seed = TranscriptionScoring.Score(Reference, estimate, 150, TranscriptionSettings.Seed with { OnsetTolerance = 0.05 });
        Assert.Equal(1 / 3.0, hz["f1"], 12);
        Assert.Equal(1 / 3.0, seed["f1"], 12);
        Assert.Equal(0.5, hz["overlap"], 12);
        Assert.Equal(0.0, hz["offset.f1"], 12);
        Assert.Equal(1 / 5.0, hz["accuracy"], 12); // TP 1, FP 2, FN 2
    }

    [Fact]
    public void The_seeds_onset_tolerance_is_100_ms()
    {
        Note[] late = [new(0.08, 0.5, 60)];
        Assert.Equal(0.0, TranscriptionScoring.Score(Reference, late, 150, TranscriptionSettings.NmfGrid)["recall"]);
        Assert.Equal(1 / 3.0, TranscriptionScoring.Score(Reference, late, 150, TranscriptionSettings.Seed)["recall"], 12);
    }

    [Fact]
    public void Frame_scores_count_pitches_sounding_on_the_frame_grid()
    {
        // Hop 882 at 44.1 kHz: 20 ms frames; the estimate covers the first note's first half only.
        Note[] estimate = [new(0, 0.25, 60)];
        var frames = TranscriptionScoring.FrameScores(Reference, estimate, 150, TranscriptionSettings.NmfGrid);
        Assert.Equal(1.0, frames.Precision, 12);
        Assert.Equal(13 / 75.0, frames.Recall, 12); // 13 of the 3·25 reference frames
    }

    [Fact]
    public void An_empty_estimate_scores_zero_and_an_empty_reference_is_refused()
    {
        var m = TranscriptionScoring.Score(Reference, [], 150, TranscriptionSettings.NmfGrid);
        Assert.Equal(0.0, m["f1"]);
        Assert.Equal(0.0, m["frame.f1"]);
        var e = Assert.Throws<ArgumentException>(() => TranscriptionScoring.Score([], Reference, 150, TranscriptionSettings.NmfGrid));
        Assert.Contains("no notes", e.Message);
    }
}
