using NmfGrid.Tasks.Metrics;
using static NmfGrid.Tasks.Tests.Metrics.MirEvalFixture;

namespace NmfGrid.Tasks.Tests.Metrics;

public class SeparationMetricTests
{
    public static IEnumerable<object[]> SourcesCases() => Files("mir-eval", "bss_eval_sources");
    public static IEnumerable<object[]> ImagesCases() => Files("mir-eval-extra", "bss_eval_images");

    [Theory]
    [MemberData(nameof(SourcesCases))]
    public void Bss_eval_sources_with_permutation_matches_mir_eval(string file)
    {
        var d = Load("mir-eval", file);
        var s = BssEvalSources.Evaluate(Rows(d.GetProperty("reference_sources")), Rows(d.GetProperty("estimated_sources")));
        AssertAll(Vector(d.GetProperty("sdr")), s.Sdr, file + " sdr");
        AssertAll(Vector(d.GetProperty("sir")), s.Sir, file + " sir");
        AssertAll(Vector(d.GetProperty("sar")), s.Sar, file + " sar");
        Assert.Equal(Vector(d.GetProperty("perm")).Select(x => (int)x).ToArray(), s.Permutation);
    }

    [Theory]
    [MemberData(nameof(ImagesCases))]
    public void Bss_eval_sources_without_permutation_matches_mir_eval(string file)
    {
        var d = Load("mir-eval-extra", file);
        var s = BssEvalSources.Evaluate(Rows(d.GetProperty("reference_sources")), Rows(d.GetProperty("estimated_sources")), computePermutation: false);
        var e = d.GetProperty("sources");
        AssertAll(Vector(e.GetProperty("sdr")), s.Sdr, file + " sdr");
        AssertAll(Vector(e.GetProperty("sir")), s.Sir, file + " sir");
        AssertAll(Vector(e.GetProperty("sar")), s.Sar, file + " sar");
        Assert.Equal(Enumerable.Range(0, s.Sdr.Length).ToArray(), s.Permutation);
    }

    [Theory]
    [MemberData(nameof(ImagesCases))]
    public void Bss_eval_v4_in_one_window_matches_mir_eval_images(string file)
    {
        // With one window covering the whole signal, museval v4 reduces to bss_eval_images (up to its ε ridge).
        var d = Load("mir-eval-extra", file);
        var refs = Rows(d.GetProperty("reference_sources"));
        var s = BssEvalV4.Evaluate(refs, Rows(d.GetProperty("estimated_sources")), window: refs[0].Length, hop: refs[0].Length);
        Assert.Equal(1, s.WindowCount);
        var e = d.GetProperty("images");
        AssertAll(Vector(e.GetProperty("sdr")), s.MedianSdr, file + " sdr");
        AssertAll(Vector(e.GetProperty("isr")), s.MedianIsr, file + " isr");
        AssertAll(Vector(e.GetProperty("sir")), s.MedianSir, file + " sir");
        AssertAll(Vector(e.GetProperty("sar")), s.MedianSar, file + " sar");
    }

    [Fact]
    public void Bss_eval_v4_drops_the_trailing_partial_window_and_marks_silent_windows_nan()
    {
        var rng = new Random(3);
        int n = 2600;
        var refs = new[] { Noise(rng, n), Noise(rng, n) };
        Array.Clear(refs[1], 1000, 1000); // window 1 = [1000, 2000) silent in reference 1
        var ests = new[] { Mix(refs[0], refs[1], 0.1, rng), Mix(refs[1], refs[0], 0.2, rng) };
        var s = BssEvalV4.Evaluate(refs, ests, window: 1000, hop: 1000);
        Assert.Equal(2, s.WindowCount); // ⌊(2600 − 1000 + 1000)/1000⌋
        Assert.All(s.Sdr, row => Assert.True(double.IsNaN(row[1])));
        Assert.All(s.Sdr, row => Assert.True(double.IsFinite(row[0])));
        Assert.Equal(s.Sdr[0][0], s.MedianSdr[0]);
    }

    [Fact]
    public void Bss_eval_v4_pads_a_short_estimate_and_scores_a_perfect_estimate_highly()
    {
        var rng = new Random(4);
        var refs = new[] { Noise(rng, 3000), Noise(rng, 3000) };
        var s = BssEvalV4.Evaluate(refs, [refs[0][..2990], refs[1]], window: 1000, hop: 1000);
        Assert.Equal(3, s.WindowCount);
        Assert.True(s.MedianSdr[1] > 100, $"perfect estimate SDR {s.MedianSdr[1]}");
        Assert.True(s.Sdr[0][2] < s.Sdr[0][0]);
    }

    [Fact]
    public void Median_ignores_nan()
    {
        Assert.Equal(2.5, FramewiseMedian.IgnoringNaN([4, double.NaN, 1, 2, 3]));
        Assert.True(double.IsNaN(FramewiseMedian.IgnoringNaN([double.NaN])));
    }

    [Fact]
    public void Silent_reference_is_rejected_by_bss_eval()
    {
        var rng = new Random(1);
        var refs = new[] { Noise(rng, 600), new double[600] };
        var ests = new[] { Noise(rng, 600), Noise(rng, 600) };
        Assert.Contains("reference 1 is all 0s", Assert.Throws<ArgumentException>(() => BssEvalSources.Evaluate(refs, ests)).Message);
        Assert.Contains("reference 1 is all 0s", Assert.Throws<ArgumentException>(() => BssEvalV4.Evaluate(refs, ests, 300, 300)).Message);
    }

    [Fact]
    public void Silent_estimate_is_rejected_by_bss_eval()
    {
        var rng = new Random(1);
        Assert.Contains("estimate 0 is all 0s", Assert.Throws<ArgumentException>(
            () => BssEvalSources.Evaluate([Noise(rng, 600)], [new double[600]])).Message);
    }

    [Fact]
    public void Source_count_mismatch_is_rejected()
    {
        var rng = new Random(1);
        Assert.Contains("must match the number of reference sources", Assert.Throws<ArgumentException>(
            () => BssEvalSources.Evaluate([Noise(rng, 600), Noise(rng, 600)], [Noise(rng, 600)])).Message);
    }

    [Fact]
    public void Length_mismatch_is_rejected_by_bss_eval_sources()
    {
        var rng = new Random(1);
        Assert.Contains("shape of estimated and reference sources must match", Assert.Throws<ArgumentException>(
            () => BssEvalSources.Evaluate([Noise(rng, 600)], [Noise(rng, 599)])).Message);
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => BssEvalSources.Evaluate([], []));
        Assert.Throws<ArgumentException>(() => BssEvalSources.Evaluate([[]], [[]]));
        Assert.Throws<ArgumentException>(() => ScaleInvariantSdr.SiSdr([], [[1.0]]));
    }

    [Fact]
    public void Si_sdr_and_snr_match_the_seed_worked_example()
    {
        double[] s = [1, 2, 3, 4];
        double[] e = [1.1, 1.9, 3.2, 3.7];
        Assert.Equal(23.306, ScaleInvariantSdr.SiSdr([s], [e])[0].Value, 3);
        Assert.Equal(23.010, ScaleInvariantSdr.Snr([s], [e])[0].Value, 3);
    }

    [Fact]
    public void Si_sdr_keeps_the_best_reference_per_estimate_and_indexes_non_silent_references()
    {
        double[] a = [1, 0, 1, 0], b = [0, 1, 0, 1], silent = [0, 0, 0, 0];
        var scores = ScaleInvariantSdr.SiSdr([silent, a, b], [[0.1, 1, 0, 1], [0, 0, 0, 0]]);
        Assert.Equal(1, scores[0].Reference); // b, second among the non-silent references (the seed's convention)
        Assert.Equal(double.NegativeInfinity, scores[1].Value);
        Assert.Null(scores[1].Reference);
    }

    [Fact]
    public void Si_sdr_truncates_longer_references_and_rejects_shorter_ones()
    {
        Assert.Equal(double.PositiveInfinity, ScaleInvariantSdr.SiSdr([[1, 2, 3, 99]], [[2, 4, 6]])[0].Value);
        Assert.Contains("fewer than", Assert.Throws<ArgumentException>(() => ScaleInvariantSdr.SiSdr([[1, 2]], [[1, 2, 3]])).Message);
    }

    [Fact]
    public void Si_sdr_rejects_an_estimate_orthogonal_to_a_reference_and_all_silent_references()
    {
        Assert.Contains("orthogonal", Assert.Throws<ArgumentException>(() => ScaleInvariantSdr.SiSdr([[1, 0]], [[0, 1]])).Message);
        Assert.Contains("silent", Assert.Throws<ArgumentException>(() => ScaleInvariantSdr.SiSdr([[0, 0]], [[0, 1]])).Message);
    }

    [Fact]
    public void Fft_convolution_matches_the_direct_sum()
    {
        var rng = new Random(2);
        var x = Noise(rng, 37);
        var h = Noise(rng, 5);
        var y = DelayedSourceSubspace.Convolve(x, h);
        Assert.Equal(41, y.Length);
        for (int t = 0; t < y.Length; t++)
        {
            double direct = 0;
            for (int a = 0; a < h.Length; a++) if (t - a >= 0 && t - a < x.Length) direct += h[a] * x[t - a];
            Assert.Equal(direct, y[t], 10);
        }
    }

    private static double[] Noise(Random rng, int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();

    private static double[] Mix(double[] a, double[] b, double leak, Random rng) =>
        a.Select((x, i) => x + leak * b[i] + 0.01 * (rng.NextDouble() - 0.5)).ToArray();

    private static void AssertAll(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Near(expected[i], actual[i], $"{what}[{i}]");
    }
}
