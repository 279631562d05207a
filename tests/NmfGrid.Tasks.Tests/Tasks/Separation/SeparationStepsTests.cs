using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

public class SeparationStepsTests
{
    private sealed record PlainTrack(string Id, string AudioPath) : ITrack;

    private sealed record OtherInput(Matrix<double> Values) : TaskInput(Values);

    [Fact]
    public void Separation_refuses_a_track_without_stems()
    {
        var task = new SeparationTask();
        var track = new PlainTrack("solo", "/nowhere/solo.wav");
        Assert.False(task.Accepts(track));
        var error = Assert.Throws<ArgumentException>(() => task.Prepare(track, task.Parse(ConfigSection.Empty("task")), null, default));
        Assert.Contains("solo", error.Message);
    }

    [Fact]
    public void Separation_refuses_to_score_an_input_it_did_not_prepare()
    {
        var v = Matrix<double>.Build.Dense(3, 3, 1.0);
        var factors = new NmfResult<double>(v, v, 1, true, 0, [], 0, "managed", 1);
        var error = Assert.Throws<ArgumentException>(() =>
            new SeparationTask().Score(new OtherInput(v), factors, new SeparationTask().Parse(ConfigSection.Empty("task")), default));
        Assert.Contains("OtherInput", error.Message);
    }

    [Fact]
    public void Scale_invariant_template_mfcc_ignores_the_scale_of_each_template_and_raw_mfcc_does_not()
    {
        var random = new Random(7);
        var w = Matrix<double>.Build.Dense(513, 3, (_, _) => random.NextDouble());
        var scaled = w.Clone();
        scaled.SetColumn(1, w.Column(1) * 1000);
        var a = ComponentFeatures.TemplateMfcc(w, 44100, scaleInvariant: true);
        var b = ComponentFeatures.TemplateMfcc(scaled, 44100, scaleInvariant: true);
        Assert.Equal(20, a[0].Length);
        for (int d = 0; d < a[1].Length; d++) Assert.Equal(a[1][d], b[1][d], 9);
        var raw = ComponentFeatures.TemplateMfcc(w, 44100);
        var rawScaled = ComponentFeatures.TemplateMfcc(scaled, 44100);
        Assert.NotEqual(raw[1][0], rawScaled[1][0], 3);
    }

    [Fact]
    public void Activation_features_have_unit_norm_and_leave_silent_rows_at_zero()
    {
        var h = Matrix<double>.Build.DenseOfArray(new double[,] { { 3, 4 }, { 0, 0 } });
        var features = ComponentFeatures.Activations(h);
        Assert.Equal(new[] { 0.6, 0.8 }, features[0]);
        Assert.Equal(new[] { 0.0, 0.0 }, features[1]);
    }

    [Theory]
    [InlineData(BssEvalVersion.V3, new[] { "sdr", "sir", "sar" })]
    [InlineData(BssEvalVersion.V4, new[] { "sdr", "isr", "sir", "sar" })]
    public void BssEval_scores_the_one_to_one_pairs_by_stem_name(BssEvalVersion version, string[] metrics)
    {
        var random = new Random(11);
        double[][] references = [Enumerable.Range(0, 1500).Select(_ => random.NextDouble() - 0.5).ToArray(),
                                 Enumerable.Range(0, 1500).Select(n => Math.Sin(n * 0.05)).ToArray()];
        double[][] estimates = [references[1].Select((x, n) => x + 0.1 * references[0][n]).ToArray(),
                                references[0].Select((x, n) => x + 0.1 * references[1][n]).ToArray()];
        var table = StemScores.BssEval(references, estimates, [(1, 0), (0, 1)], ["drums", "bass"], version, 1000);
        foreach (var metric in metrics)
        {
            Assert.Contains($"{metric}.drums", table.Keys);
            Assert.Contains($"{metric}.mean", table.Keys);
        }
        Assert.True(table["sdr.drums"] > 10 && table["sdr.bass"] > 10, $"sdr {table["sdr.drums"]:F1} {table["sdr.bass"]:F1}");
    }
}
