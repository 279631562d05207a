using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Transcription;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

public class ActivationNotesTests
{
    // Raw thresholds on a hand-made H: no normalisation, no minimum duration, fixed rule unless said.
    private static readonly TranscriptionSettings Plain = TranscriptionSettings.NmfGrid with
    {
        NormaliseH = false, Threshold = 0.5, AdaptiveThreshold = false, MinDuration = 0, MergeGap = 0, OnsetRefinement = false,
        SampleRate = 100, HopLength = 1, NFft = 4,
    };

    private static Matrix<double> Row(params double[] values) => Matrix<double>.Build.DenseOfRowArrays(values);

    [Fact]
    public void A_note_runs_from_the_first_frame_above_the_threshold_to_the_first_below()
    {
        var h = Row(0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
        Assert.Equal([new Note(0.02, 0.08, 60)], ActivationNotes.Detect(h, [60], Plain with { SmoothingWindow = 1 }));
        // The seed's forward smoothing (frames t…t+4 must average above θ) ends the note two frames early.
        Assert.Equal([new Note(0.02, 0.06, 60)], ActivationNotes.Detect(h, [60], Plain));
    }

    [Fact]
    public void The_fixed_rule_ignores_a_spike_whose_smoothed_value_stays_low()
    {
        var h = Row(0, 0, 2, 0, 0, 0, 0, 0, 0, 0);
        Assert.Empty(ActivationNotes.Detect(h, [60], Plain));
        Assert.Single(ActivationNotes.Detect(h, [60], Plain with { SmoothingWindow = 1 }));
    }

    [Fact]
    public void The_adaptive_rule_compares_with_the_local_mean()
    {
        // A plateau at 1 over the whole row: never above 0.5 + mean ≈ 1.
        var flat = Row(Enumerable.Repeat(1.0, 30).ToArray());
        Assert.Empty(ActivationNotes.Detect(flat, [60], Plain with { AdaptiveThreshold = true }));
        var bump = Row([.. new double[10], 3, 3, .. new double[18]]);
        var notes = ActivationNotes.Detect(bump, [60], Plain with { AdaptiveThreshold = true });
        Assert.Equal([new Note(0.10, 0.12, 60)], notes);
    }

    [Fact]
    public void Onset_refinement_moves_back_to_the_first_of_two_earlier_frames_above_a_tenth_of_the_threshold()
    {
        var h = Row(0, 0.01, 0.06, 0.2, 1, 1, 1, 1, 1, 0, 0, 0);
        var refined = ActivationNotes.Detect(h, [60], Plain with { OnsetRefinement = true });
        Assert.Equal(0.02, refined[0].Onset, 12); // frames 2 and 3 exceed 0.05; frame 1 is three back
        Assert.Equal(0.04, ActivationNotes.Detect(h, [60], Plain)[0].Onset, 12);
    }

    [Fact]
    public void A_note_sounding_at_the_end_is_closed_there_or_dropped_as_the_seed_does()
    {
        var h = Row(0, 0, 1, 1, 1, 1);
        Assert.Equal([new Note(0.02, 0.06, 60)], ActivationNotes.Detect(h, [60], Plain));
        Assert.Empty(ActivationNotes.Detect(h, [60], Plain with { CloseAtEnd = false }));
    }

    [Fact]
    public void Templates_without_a_pitch_are_skipped_and_same_pitch_notes_are_merged()
    {
        var h = Matrix<double>.Build.DenseOfRowArrays(
            [0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0],
            [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
        var notes = ActivationNotes.Detect(h, [62, 62, null], Plain with { SmoothingWindow = 1 });
        Assert.Equal([new Note(0.01, 0.10, 62)], notes);
    }

    [Fact]
    public void Merging_joins_touching_notes_of_one_pitch_only()
    {
        var merged = ActivationNotes.MergeOverlaps([new Note(0, 1, 60), new Note(1, 2, 60), new Note(2.5, 3, 60), new Note(0.5, 1.5, 61)]);
        Assert.Equal([new Note(0, 2, 60), new Note(0.5, 1.5, 61), new Note(2.5, 3, 60)], merged);
    }

    [Fact]
    public void A_merge_gap_bridges_a_short_dip_of_one_pitch()
    {
        Note[] split = [new(0, 1, 60), new(1.05, 2, 60), new(2.2, 3, 60)];
        Assert.Equal(3, ActivationNotes.MergeOverlaps(split).Count);
        Assert.Equal([new Note(0, 2, 60), new Note(2.2, 3, 60)], ActivationNotes.MergeOverlaps(split, gap: 0.08));
    }

    [Fact]
    public void Notes_shorter_than_the_minimum_duration_are_dropped()
    {
        var h = Row(0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0);
        var s = Plain with { SmoothingWindow = 1, MinDuration = 0.03 };
        Assert.Equal([new Note(0.05, 0.10, 60)], ActivationNotes.Detect(h, [60], s));
    }

    [Fact]
    public void The_threshold_scales_with_the_norm_of_H()
    {
        var h = Row(0, 4, 4, 4, 4, 0, 0, 0, 0, 0); // ‖H‖_F = 8
        var s = Plain with { NormaliseH = true, SmoothingWindow = 1 };
        Assert.Single(ActivationNotes.Detect(h, [60], s with { Threshold = 0.45 }));  // θ = 3.6
        Assert.Empty(ActivationNotes.Detect(h, [60], s with { Threshold = 0.55 }));   // θ = 4.4
        Assert.Empty(ActivationNotes.Detect(h, [60], s with { Threshold = 1.01, ThresholdOfMax = true }));
    }
}
