using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Transcription;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

public class OnsetNotesTests
{
    private static readonly TranscriptionSettings Frames = new()
    {
        SampleRate = 100, HopLength = 1, NFft = 4, OnsetCompression = 0, OnsetSmoothing = 1, OnsetThreshold = 0.2,
        OnsetWait = 0, OnsetShift = 0, PeakThreshold = 0.1, OffsetFraction = 0.25, MinDuration = 0, Detection = NoteDetection.Onset,
    };

    [Fact]
    public void Peaks_are_local_maxima_above_the_threshold()
    {
        double[] novelty = [0, 0.5, 0.2, 0.1, 0.3, 0.3, 0, 0.9, 0.05];
        Assert.Equal([1, 5, 7], OnsetPeaks.Pick(novelty, 0.25, wait: 0));
        Assert.Equal([7], OnsetPeaks.Pick(novelty, 0.6, wait: 0));
    }

    [Fact]
    public void A_peak_within_the_wait_of_the_last_onset_is_dropped()
    {
        double[] novelty = [0.5, 0, 0.6, 0, 0, 0.7];
        Assert.Equal([0, 2, 5], OnsetPeaks.Pick(novelty, 0.1, wait: 0));
        Assert.Equal([0, 5], OnsetPeaks.Pick(novelty, 0.1, wait: 3));
    }

    [Fact]
    public void Novelty_is_the_rectified_rise_and_smoothing_is_a_centred_mean()
    {
        Assert.Equal([1, 0, 0, 2], OnsetPeaks.Novelty([1, 1, 0.5, 2.5]));
        Assert.Equal([1.5, 2.5, 3.5, 4], OnsetPeaks.Smooth([1, 2, 3, 4], 2));
        Assert.Equal([3, 3, 3.5], OnsetPeaks.Smooth([2, 4, 3], 3));
        Assert.Equal([2, 4, 3], OnsetPeaks.Smooth([2, 4, 3], 1));
    }

    [Fact]
    public void A_struck_note_gives_one_onset_and_ends_where_its_activation_decays()
    {
        // Frames at 10 ms: silent, a strike at frame 3 that decays, then a second strike at frame 10.
        double[] row = [0, 0, 0, 1, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05, 0.9, 0.7, 0.5, 0.3, 0.2, 0.1];
        var notes = OnsetNotes.PitchNotes(row, 60, Frames).ToArray();
        Assert.Equal(2, notes.Length);
        Assert.Equal(0.03, notes[0].Onset, 9);
        Assert.Equal(0.07, notes[0].Offset, 9);  // first frame under 0.25 × 1
        Assert.Equal(0.10, notes[1].Onset, 9);
        Assert.Equal(0.14, notes[1].Offset, 9);  // first frame under 0.25 × 0.9 = 0.225
        Assert.All(notes, n => Assert.Equal(60, n.MidiPitch));
    }

    [Fact]
    public void Thresholds_are_relative_to_the_piece_so_a_quiet_row_beside_a_loud_one_is_dropped()
    {
        var h = Matrix<double>.Build.Dense(2, 8);
        for (int t = 2; t < 8; t++)
        {
            h[0, t] = 100.0 / (t - 1);
            h[1, t] = 1.0 / (t - 1); // 1 % of the loudest activation: under peak_threshold 0.1
        }
        var notes = OnsetNotes.Detect(h, [60, 64], Frames);
        Assert.Equal([60], notes.Select(n => n.MidiPitch));
        var scaled = OnsetNotes.Detect(h * 1e-6, [60, 64], Frames);
        Assert.Equal(notes, scaled);
    }

    [Fact]
    public void Rows_of_one_pitch_are_summed_and_rows_without_a_pitch_are_ignored()
    {
        var h = Matrix<double>.Build.Dense(3, 6);
        h[0, 2] = 0.5; h[1, 2] = 0.5; h[1, 3] = 0.6; h[2, 1] = 5;
        var notes = OnsetNotes.Detect(h, [60, 60, null], Frames);
        var note = Assert.Single(notes);
        Assert.Equal(60, note.MidiPitch);
        Assert.Equal(0.02, note.Onset, 9);
    }

    [Fact]
    public void Notes_shorter_than_min_duration_are_dropped_and_the_shift_moves_times()
    {
        double[] row = [0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0];
        Assert.Equal(2, OnsetNotes.PitchNotes(row, 60, Frames).Count());
        var longOnly = OnsetNotes.PitchNotes(row, 60, Frames with { MinDuration = 0.03 }).ToArray();
        Assert.Equal(0.06, Assert.Single(longOnly).Onset, 9);
        var shifted = OnsetNotes.PitchNotes(row, 60, Frames with { OnsetShift = -0.02 }).ToArray();
        Assert.Equal([0.0, 0.04], shifted.Select(n => Math.Round(n.Onset, 9)));
    }
}
