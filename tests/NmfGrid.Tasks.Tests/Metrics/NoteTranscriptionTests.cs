using System.Text.Json;
using NmfGrid.Tasks.Metrics;
using static NmfGrid.Tasks.Tests.Metrics.MirEvalFixture;

namespace NmfGrid.Tasks.Tests.Metrics;

public class NoteTranscriptionTests
{
    public static IEnumerable<object[]> SharedCases() => Files("mir-eval", "transcription_case");
    public static IEnumerable<object[]> ExtraCases() => Files("mir-eval-extra", "transcription_extra");

    [Theory]
    [MemberData(nameof(SharedCases))]
    public void Scores_match_mir_eval_fixture(string file)
    {
        var d = Load("mir-eval", file);
        var reference = Notes(d.GetProperty("ref_intervals"), d.GetProperty("ref_pitches_hz"));
        var estimate = Notes(d.GetProperty("est_intervals"), d.GetProperty("est_pitches_hz"));
        var settings = new Dictionary<string, NoteTolerance>
        {
            ["onset_tol0.05"] = new(Onset: 0.05, OffsetRatio: null),
            ["onset_tol0.1"] = new(Onset: 0.1, OffsetRatio: null),
            ["onset_offset_default"] = new(),
        };
        foreach (var (key, tolerance) in settings)
        {
            var expected = d.GetProperty("results").GetProperty(key);
            var actual = NoteTranscription.Score(reference, estimate, tolerance);
            AssertScores(expected, actual, $"{file} {key}");
        }
    }

    [Theory]
    [MemberData(nameof(ExtraCases))]
    public void Edge_cases_match_mir_eval_strict_exact_tolerances_and_dense_notes(string file)
    {
        var d = Load("mir-eval-extra", file);
        int k = 0;
        foreach (var c in d.GetProperty("cases").EnumerateArray())
        {
            var reference = Notes(c.GetProperty("ref_intervals"), c.GetProperty("ref_pitches_hz"));
            var estimate = Notes(c.GetProperty("est_intervals"), c.GetProperty("est_pitches_hz"));
            var actual = NoteTranscription.Score(reference, estimate, ToleranceOf(c.GetProperty("kwargs")));
            AssertScores(c.GetProperty("result"), actual, $"{file} case {k++} {c.GetProperty("name")} {c.GetProperty("kwargs")}");
        }
    }

    [Fact]
    public void Worked_example_gives_two_thirds_with_50_cents_on_midi_numbers_and_one_third_with_exact_pitch()
    {
        var reference = new[] { new Note(0, .5, 60), new Note(1, 1.5, 64), new Note(2, 2.5, 67) };
        var estimate = new[] { new Note(.05, .3, 60), new Note(1, 1.2, 65), new Note(2.0501, 2.4, 67) };
        var loose = NoteTranscription.Score(reference, estimate, NoteTolerance.OnsetOnly);
        Assert.Equal(2.0 / 3, loose.F1, 12);
        Assert.Equal(0.45, loose.AverageOverlap, 12);
        // The seed: MIDI numbers as Hz with 0.1 cents — an exact pitch test. TP=1, FP=2, FN=2 → accuracy 1/5.
        var seed = NoteTranscription.Score(reference, estimate, new NoteTolerance(PitchCents: 0.1, OffsetRatio: null));
        Assert.Equal(1.0 / 3, seed.Precision, 12);
        Assert.Equal(0.2, seed.Accuracy, 12);
        Assert.Equal(1, seed.Matched);
    }

    [Fact]
    public void Midi_pitches_converted_to_hertz_match_only_within_half_a_semitone()
    {
        var reference = new[] { Note.FromMidi(0, 1, 60), Note.FromMidi(2, 3, 64) };
        var estimate = new[] { Note.FromMidi(0, 1, 60.4), Note.FromMidi(2, 3, 65) };
        var s = NoteTranscription.Score(reference, estimate, NoteTolerance.OnsetOnly);
        Assert.Equal(1, s.Matched);
        Assert.Equal(440.0, Note.MidiToHz(69), 12);
    }

    [Fact]
    public void Empty_estimate_scores_zero()
    {
        var s = NoteTranscription.Score([new Note(0, 1, 440)], [], NoteTolerance.OnsetOnly);
        Assert.Equal(0, s.F1);
        Assert.Equal(0, s.Accuracy);
    }

    [Fact]
    public void Empty_reference_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => NoteTranscription.Score([], [new Note(0, 1, 440)]));
        Assert.Contains("Reference notes are empty", e.Message);
    }

    [Fact]
    public void Negative_time_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => NoteTranscription.Score([new Note(-0.1, 1, 440)], [new Note(0, 1, 440)]));
        Assert.Contains("Negative interval times", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Reference", e.Message);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, 0.5)]
    public void Offset_not_after_onset_is_rejected(double onset, double offset)
    {
        var e = Assert.Throws<ArgumentException>(() => NoteTranscription.Score([new Note(0, 1, 440)], [new Note(onset, offset, 440)]));
        Assert.Contains("strictly positive", e.Message);
        Assert.Contains("Estimated", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-440.0)]
    public void Non_positive_pitch_is_rejected(double pitch)
    {
        var e = Assert.Throws<ArgumentException>(() => NoteTranscription.Score([new Note(0, 1, pitch)], [new Note(0, 1, 440)]));
        Assert.Contains("non-positive pitch", e.Message);
    }

    [Fact]
    public void Interval_and_pitch_count_mismatch_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => NoteTranscription.Score(
            [new TimeInterval(0, 1)], [440.0, 220.0], [new TimeInterval(0, 1)], [440.0]));
        Assert.Contains("does not match", e.Message);
    }

    [Fact]
    public void Negative_tolerance_is_rejected() =>
        Assert.Throws<ArgumentException>(() => NoteTranscription.Score([new Note(0, 1, 440)], [new Note(0, 1, 440)], new NoteTolerance(Onset: -1)));

    private static NoteTolerance ToleranceOf(JsonElement kwargs)
    {
        var t = new NoteTolerance();
        foreach (var p in kwargs.EnumerateObject())
        {
            t = p.Name switch
            {
                "onset_tolerance" => t with { Onset = p.Value.GetDouble() },
                "pitch_tolerance" => t with { PitchCents = p.Value.GetDouble() },
                "offset_ratio" => t with { OffsetRatio = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetDouble() },
                "offset_min_tolerance" => t with { OffsetMinimum = p.Value.GetDouble() },
                "strict" => t with { Strict = p.Value.GetBoolean() },
                _ => throw new InvalidOperationException("unknown kwarg " + p.Name),
            };
        }
        return t;
    }

    private static void AssertScores(JsonElement expected, TranscriptionScores actual, string what)
    {
        Near(Number(expected.GetProperty("precision")), actual.Precision, what + " precision");
        Near(Number(expected.GetProperty("recall")), actual.Recall, what + " recall");
        Near(Number(expected.GetProperty("f1")), actual.F1, what + " f1");
        Near(Number(expected.GetProperty("overlap")), actual.AverageOverlap, what + " overlap");
    }
}
