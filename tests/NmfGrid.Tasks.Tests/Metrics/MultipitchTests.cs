using NmfGrid.Tasks.Metrics;
using static NmfGrid.Tasks.Tests.Metrics.MirEvalFixture;

namespace NmfGrid.Tasks.Tests.Metrics;

public class MultipitchTests
{
    public static IEnumerable<object[]> Cases() => Files("mir-eval-extra", "multipitch");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Frame_scores_match_mir_eval_including_resampled_estimates(string file)
    {
        var d = Load("mir-eval-extra", file);
        int k = 0;
        foreach (var c in d.GetProperty("cases").EnumerateArray())
        {
            var s = Multipitch.Score(Vector(c.GetProperty("ref_times")), Rows(c.GetProperty("ref_freqs")),
                                     Vector(c.GetProperty("est_times")), Rows(c.GetProperty("est_freqs")));
            var expected = Vector(c.GetProperty("result"));
            double[] actual = [s.Precision, s.Recall, s.Accuracy, s.SubstitutionError, s.MissError, s.FalseAlarmError, s.TotalError,
                s.ChromaPrecision, s.ChromaRecall, s.ChromaAccuracy, s.ChromaSubstitutionError, s.ChromaMissError, s.ChromaFalseAlarmError, s.ChromaTotalError];
            for (int m = 0; m < 14; m++) Near(expected[m], actual[m], $"{file} case {k} metric {m}");
            k++;
        }
    }

    [Fact]
    public void Octave_error_counts_for_chroma_only()
    {
        var s = Multipitch.Score([0.0], [[440.0]], [0.0], [[880.0]]);
        Assert.Equal(0, s.Precision);
        Assert.Equal(1, s.ChromaPrecision);
    }

    [Fact]
    public void Nearest_neighbour_resampling_takes_the_earlier_frame_on_a_tie_and_nothing_outside()
    {
        var r = Multipitch.Resample([0.0, 1.0], [[100.0], [200.0]], [-0.1, 0.5, 0.51, 1.0, 1.2]);
        Assert.Equal(new[] { 0, 1, 1, 1, 0 }, r.Select(f => f.Length).ToArray());
        Assert.Equal(100.0, r[1][0]);
        Assert.Equal(200.0, r[2][0]);
    }

    [Fact]
    public void Frequency_out_of_range_is_rejected()
    {
        Assert.Contains("above the maximum", Assert.Throws<ArgumentException>(() => Multipitch.Score([0.0], [[6000.0]], [0.0], [[]])).Message);
        Assert.Contains("below the minimum", Assert.Throws<ArgumentException>(() => Multipitch.Score([0.0], [[440.0]], [0.0], [[10.0]])).Message);
        Assert.Contains("below the minimum", Assert.Throws<ArgumentException>(() => Multipitch.Score([0.0], [[-440.0]], [0.0], [[]])).Message);
    }

    [Fact]
    public void Times_and_frames_count_mismatch_is_rejected() =>
        Assert.Contains("unequal lengths", Assert.Throws<ArgumentException>(() => Multipitch.Score([0.0, 0.01], [[440.0]], [0.0], [[]])).Message);

    [Fact]
    public void Decreasing_or_huge_times_are_rejected()
    {
        Assert.Contains("increasing order", Assert.Throws<ArgumentException>(() => Multipitch.Score([0.1, 0.0], [[], []], [0.0], [[]])).Message);
        Assert.Contains("maximum allowable time", Assert.Throws<ArgumentException>(() => Multipitch.Score([40000.0], [[]], [0.0], [[]])).Message);
    }

    [Fact]
    public void Empty_reference_is_rejected() =>
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Multipitch.Score([], [], [0.0], [[]])).Message);
}
