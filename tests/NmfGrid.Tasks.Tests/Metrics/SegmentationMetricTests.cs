using NmfGrid.Tasks.Metrics;
using static NmfGrid.Tasks.Tests.Metrics.MirEvalFixture;

namespace NmfGrid.Tasks.Tests.Metrics;

public class SegmentationMetricTests
{
    public static IEnumerable<object[]> DetectionCases() =>
        Files("mir-eval", "segment_detection").Select(f => new object[] { "mir-eval", f[0] })
            .Append(["mir-eval-extra", "segment_detection_worked_example.json"]);

    public static IEnumerable<object[]> PairwiseCases() => Files("mir-eval-extra", "segment_pairwise");

    [Theory]
    [MemberData(nameof(DetectionCases))]
    public void Boundary_detection_matches_mir_eval_at_half_and_three_seconds_with_and_without_trim(string folder, string file)
    {
        var d = Load(folder, file);
        var reference = Intervals(d.GetProperty("ref_intervals"));
        var estimate = Intervals(d.GetProperty("est_intervals"));
        foreach (var window in new[] { 0.5, 3.0 })
        {
            foreach (var trim in new[] { false, true })
            {
                var key = $"window{window:0.0}_trim{(trim ? "True" : "False")}";
                var expected = d.GetProperty("results").GetProperty(key);
                var actual = BoundaryDetection.Score(reference, estimate, window, trim);
                Near(Number(expected.GetProperty("precision")), actual.Precision, $"{file} {key} precision");
                Near(Number(expected.GetProperty("recall")), actual.Recall, $"{file} {key} recall");
                Near(Number(expected.GetProperty("f1")), actual.F1, $"{file} {key} f1");
            }
        }
    }

    public static IEnumerable<object[]> SeedStyleCases() => Files("mir-eval-extra", "segment_detection_seed_style");

    [Theory]
    [MemberData(nameof(SeedStyleCases))]
    public void Seed_style_detection_adjusts_the_estimate_to_the_reference_span_like_as_seg(string file)
    {
        var d = Load("mir-eval-extra", file);
        int k = 0;
        foreach (var c in d.GetProperty("cases").EnumerateArray())
        {
            var reference = Intervals(c.GetProperty("ref_intervals"));
            var estimate = Intervals(c.GetProperty("est_intervals"));
            foreach (var window in new[] { 0.5, 3.0 })
            {
                foreach (var trim in new[] { false, true })
                {
                    var key = $"window{window:0.0}_trim{(trim ? "True" : "False")}";
                    var expected = c.GetProperty("results").GetProperty(key);
                    var actual = BoundaryDetection.ScoreAsSeed(reference, estimate, window, trim);
                    Near(Number(expected.GetProperty("f1")), actual.F1, $"{file} case {k} {key} f1");
                    Near(Number(expected.GetProperty("precision")), actual.Precision, $"{file} case {k} {key} precision");
                }
            }
            k++;
        }
    }

    [Fact]
    public void Adjustment_clips_pads_and_drops_intervals_outside_the_span()
    {
        var a = IntervalAdjustment.Adjust([new(2, 5), new(5, 12), new(13, 20)], 0, 10);
        Assert.Equal([new TimeInterval(0, 2), new(2, 5), new(5, 10)], a);
        var b = IntervalAdjustment.Adjust([new(0, 4)], 0, 6);
        Assert.Equal([new TimeInterval(0, 4), new(4, 6)], b);
        Assert.Equal([new TimeInterval(0, 6)], IntervalAdjustment.Adjust([], 0, 6));
        Assert.Throws<ArgumentException>(() => IntervalAdjustment.Adjust([], 0, null));
    }

    [Fact]
    public void Boundaries_are_distinct_ends_rounded_to_five_decimals()
    {
        var b = IntervalRules.ToBoundaries([new(0, 10.000001), new(10.000001, 20), new(20.0000049, 30)]);
        Assert.Equal([0, 10, 20, 30], b);
    }

    [Fact]
    public void Window_is_inclusive_without_rounding()
    {
        var s = BoundaryDetection.Score([new(0, 10), new(10, 20)], [new(0, 10.5), new(10.5, 20)], window: 0.5);
        Assert.Equal(1.0, s.F1);
    }

    [Fact]
    public void Single_segment_with_trim_scores_zero()
    {
        var s = BoundaryDetection.Score([new(0, 10), new(10, 20)], [new(0, 20)], trim: true);
        Assert.Equal(new DetectionScores(0, 0, 0), s);
    }

    [Fact]
    public void Empty_reference_segmentation_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => BoundaryDetection.Score([], [new(0, 1)]));
        Assert.Contains("Reference segmentation is empty", e.Message);
    }

    [Fact]
    public void Zero_length_segment_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => BoundaryDetection.Score([new(0, 10)], [new(0, 5), new(5, 5), new(5, 10)]));
        Assert.Contains("strictly positive", e.Message);
        Assert.Contains("interval 1", e.Message);
    }

    [Fact]
    public void Negative_boundary_is_rejected() =>
        Assert.Contains("negative interval times", Assert.Throws<ArgumentException>(() => BoundaryDetection.Score([new(-1, 10)], [new(0, 10)])).Message);

    [Fact]
    public void Non_positive_window_is_rejected() =>
        Assert.Throws<ArgumentException>(() => BoundaryDetection.Score([new(0, 10)], [new(0, 10)], window: 0));

    [Theory]
    [MemberData(nameof(PairwiseCases))]
    public void Pairwise_clustering_matches_mir_eval(string file)
    {
        var d = Load("mir-eval-extra", file);
        int k = 0;
        foreach (var c in d.GetProperty("cases").EnumerateArray())
        {
            var reference = Labeled(c.GetProperty("ref_intervals"), c.GetProperty("ref_labels"));
            var estimate = Labeled(c.GetProperty("est_intervals"), c.GetProperty("est_labels"));
            var actual = PairwiseClustering.Score(reference, estimate);
            var expected = c.GetProperty("result");
            Near(Number(expected.GetProperty("precision")), actual.Precision, $"{file} case {k} precision");
            Near(Number(expected.GetProperty("recall")), actual.Recall, $"{file} case {k} recall");
            Near(Number(expected.GetProperty("f1")), actual.F1, $"{file} case {k++} f1");
        }
    }

    [Fact]
    public void Pairwise_labels_are_case_insensitive()
    {
        var s = PairwiseClustering.Score([new(0, 1, "A"), new(1, 2, "b")], [new(0, 1, "a"), new(1, 2, "B")]);
        Assert.Equal(1.0, s.F1, 12);
    }

    [Fact]
    public void Pairwise_rejects_a_segmentation_not_starting_at_zero() =>
        Assert.Contains("do not start at 0", Assert.Throws<ArgumentException>(
            () => PairwiseClustering.Score([new(0, 2, "a")], [new(0.5, 2, "a")])).Message);

    [Fact]
    public void Pairwise_rejects_different_end_times() =>
        Assert.Contains("End times do not match", Assert.Throws<ArgumentException>(
            () => PairwiseClustering.Score([new(0, 2, "a")], [new(0, 3, "a")])).Message);

    private static LabeledSegment[] Labeled(System.Text.Json.JsonElement intervals, System.Text.Json.JsonElement labels)
    {
        var t = Intervals(intervals);
        var l = labels.EnumerateArray().Select(x => x.GetString()!).ToArray();
        return t.Select((x, i) => new LabeledSegment(x.Start, x.End, l[i])).ToArray();
    }
}
