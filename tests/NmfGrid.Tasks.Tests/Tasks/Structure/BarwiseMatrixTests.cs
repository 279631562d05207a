using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Structure;

namespace NmfGrid.Tasks.Tests.Tasks.Structure;

public class BarwiseMatrixTests
{
    [Fact]
    public void Sampling_matches_the_reference_example_at_hop_32()
    {
        // mir-tasks §4.2: bars (0,.5),(.5,1),… at 32/44100 s per frame; the first row samples bar (.5, 1): frames 689…1378.
        var hop = 32.0 / 44100;
        var spans = BarwiseMatrix.FrameSpans([new Bar(0, 0.5), new Bar(0.5, 1), new Bar(1, 3)], hop);
        Assert.Equal((689, 1378), (spans[0].T0, spans[0].T1));
        Assert.Equal([689, 696, 703, 711, 718], BarwiseMatrix.SampleFrames(689, 1378, 96)[..5]);
    }

    [Fact]
    public void Sampling_rounds_half_to_even_and_never_samples_the_bar_end()
    {
        // t0 = 0, t1 = 5, 4 samples: 0, 1.25, 2.5, 3.75 → 0, 1, 2, 4.
        Assert.Equal([0, 1, 2, 4], BarwiseMatrix.SampleFrames(0, 5, 4));
    }

    [Fact]
    public void Matrix_skips_the_pseudo_bar_flattens_frequency_major_and_adds_the_floor()
    {
        // 2 bins × 10 frames, value 100·f + t; hop 1 s; bars[0] = (0,1) skipped, then (1,3), (3,5), and (5,16), whose samples 5 and 10.5 → 10 reach past the last frame.
        var spectrogram = Matrix<double>.Build.Dense(2, 10, (f, t) => 100 * f + t);
        Bar[] bars = [new(0, 1), new(1, 3), new(3, 5), new(5, 16)];
        var (v, columns) = BarwiseMatrix.Compute(spectrogram, bars, 1.0, 2);
        Assert.Equal(4, v.RowCount); // F·subdivision
        Assert.Equal(2, v.ColumnCount);
        Assert.Equal([bars[1], bars[2]], columns);
        // Column 0 = bar (1,3): frames 1, 2; row index f·2 + k.
        Assert.Equal(new[] { 1, 2, 101, 102 }.Select(x => x + 1e-10), v.Column(0).ToArray());
        Assert.Equal(new[] { 3, 4, 103, 104 }.Select(x => x + 1e-10), v.Column(1).ToArray());
    }

    [Fact]
    public void Matrix_from_the_sampled_frames_only_is_the_matrix_from_the_whole_spectrogram()
    {
        // 3 bins × 400 frames of distinct values; bars of uneven lengths, the last reaching past the spectrogram.
        var spectrogram = Matrix<double>.Build.Dense(3, 400, (f, t) => 1000 * f + t + 0.25);
        Bar[] bars = [new(0, 10), new(10, 47.5), new(47.5, 90), new(90, 90.2), new(90.2, 200), new(200, 350.2), new(350.2, 420)];
        var frames = BarwiseMatrix.SampledFrames(bars, 1.0, 8, spectrogram.ColumnCount);
        Assert.Equal(frames.Order().Distinct(), frames);
        Assert.DoesNotContain(frames, t => t >= 350); // the last bar is dropped
        var sampled = Matrix<double>.Build.Dense(3, frames.Length, (f, j) => spectrogram[f, frames[j]]);

        var (whole, wholeBars) = BarwiseMatrix.Compute(spectrogram, bars, 1.0, 8);
        var (fromFrames, frameBars) = BarwiseMatrix.Compute(sampled, frames, spectrogram.ColumnCount, bars, 1.0, 8);
        Assert.Equal(wholeBars, frameBars);
        Assert.Equal(whole.ToColumnMajorArray(), fromFrames.ToColumnMajorArray());
    }

    [Fact]
    public void Matrix_drops_a_bar_whose_last_sample_is_beyond_the_spectrogram_and_a_zero_length_bar()
    {
        var spectrogram = Matrix<double>.Build.Dense(1, 10, (_, t) => t);
        // (2, 2.2) rounds to frames (2, 2): dropped; (4, 16) samples 4 and 10: 10 ≥ 10 frames, dropped.
        Bar[] bars = [new(0, 2), new(2, 2.2), new(2.2, 4), new(4, 16)];
        var (v, columns) = BarwiseMatrix.Compute(spectrogram, bars, 1.0, 2);
        Assert.Equal([bars[2]], columns);
        Assert.Equal(1, v.ColumnCount);
        Assert.Equal(2 + 1e-10, v[0, 0], 12);
        Assert.Equal(3 + 1e-10, v[1, 0], 12);
    }

    [Fact]
    public void Too_large_a_subdivision_is_an_error_naming_the_bar()
    {
        var spectrogram = Matrix<double>.Build.Dense(1, 100);
        Bar[] bars = [new(0, 1), new(1, 3), new(3, 5)];
        var e = Assert.Throws<ArgumentException>(() => BarwiseMatrix.Compute(spectrogram, bars, 1.0, 4));
        Assert.Contains("too large", e.Message);
        Assert.Contains("1.000", e.Message);
    }

    [Fact]
    public void Seed_bar_times_follow_the_reference_example()
    {
        // mir-tasks §4.5.
        Bar[] bars = [new(0, .5), new(.5, 1), new(1, 3), new(3, 5), new(5, 7), new(7, 9), new(9, 10.2)];
        var times = BarTimes.Seed([(0, 2), (2, 4), (4, 9)], bars);
        Assert.Equal(new(0.5, 3.0), times[0]);
        Assert.Equal(new(3.0, 7.0), times[1]);
        Assert.Equal(new(7.0, 10.2), times[2]);
    }

    [Fact]
    public void Column_bar_times_use_the_start_of_each_column_and_the_end_of_the_last()
    {
        Bar[] columns = [new(.5, 1), new(1, 3), new(3, 5)];
        var times = BarTimes.FromColumns([(0, 1), (1, 3)], columns);
        Assert.Equal(new(0.5, 1.0), times[0]);
        Assert.Equal(new(1.0, 5.0), times[1]);
    }
}
