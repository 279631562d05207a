using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Structure;

namespace NmfGrid.Tasks.Tests.Tasks.Structure;

public class StructureErrorTests
{
    private sealed record PlainTrack(string Id, string AudioPath) : ITrack;

    private sealed record OtherInput(Matrix<double> V) : TaskInput(V);

    [Fact]
    public void Barwise_matrix_rejects_a_non_positive_hop_and_subdivision()
    {
        var spectrogram = Matrix<double>.Build.Dense(1, 10);
        Bar[] bars = [new(0, 1), new(1, 3)];
        Assert.Throws<ArgumentOutOfRangeException>(() => BarwiseMatrix.Compute(spectrogram, bars, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BarwiseMatrix.Compute(spectrogram, bars, 1, 0));
    }

    [Fact]
    public void Barwise_matrix_says_so_when_no_bar_fits_the_spectrogram()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            BarwiseMatrix.Compute(Matrix<double>.Build.Dense(1, 5), [new(0, 1), new(10, 20)], 1, 2));
        Assert.Contains("No bar fits", e.Message);
    }

    [Fact]
    public void Cbm_rejects_zero_bands_and_max_size_below_min_size()
    {
        var a = Matrix<double>.Build.DenseIdentity(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => CorrelationBlockMatching.Segment(a, new CbmOptions { Bands = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CorrelationBlockMatching.Segment(a, new CbmOptions { MinSize = 3, MaxSize = 2 }));
        Assert.Throws<ArgumentException>(() => CorrelationBlockMatching.Segment(a, new CbmOptions { PenaltyFunction = "modulo3" }));
    }

    [Fact]
    public void Task_refuses_a_track_without_sections_naming_it()
    {
        var task = new StructureTask();
        var track = new PlainTrack("t01", "a.wav");
        Assert.False(task.Accepts(track));
        var e = Assert.Throws<ArgumentException>(() => task.Prepare(track, task.Parse(ConfigSection.Empty("task")), null, default));
        Assert.Contains("t01", e.Message);
    }

    [Fact]
    public void Task_refuses_to_score_another_task_s_input()
    {
        var v = Matrix<double>.Build.Dense(2, 2, 1);
        var factors = new NmfResult<double>(v, v, 0, true, 0, [], 0, "managed", 1);
        var e = Assert.Throws<ArgumentException>(() =>
            new StructureTask().Score(new OtherInput(v), factors, new StructureTask().Parse(ConfigSection.Empty("task")), default));
        Assert.Contains("OtherInput", e.Message);
    }
}
