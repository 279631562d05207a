using NmfGrid.Tasks.Datasets;

namespace NmfGrid.Tasks.Tests.Datasets;

public sealed class SyntheticSpectrogramTests
{
    [Fact]
    public void Spectrogram_is_the_positive_product_of_its_factors()
    {
        var s = SyntheticSpectrogram.Create(65, 40, 3, seed: 2);

        Assert.Equal((65, 40), (s.V.RowCount, s.V.ColumnCount));
        Assert.Equal((65, 3), (s.W.RowCount, s.W.ColumnCount));
        Assert.Equal((3, 40), (s.H.RowCount, s.H.ColumnCount));
        Assert.True(s.V.Enumerate().All(x => x > 0));
        Assert.True((s.V - s.W * s.H).FrobeniusNorm() < 1e-12 * s.V.FrobeniusNorm());
    }

    [Fact]
    public void Same_seed_gives_the_same_matrix_and_another_seed_another()
    {
        var a = SyntheticSpectrogram.Create(33, 20, 2, seed: 5);

        Assert.Equal(a.V, SyntheticSpectrogram.Create(33, 20, 2, seed: 5).V);
        Assert.NotEqual(a.V, SyntheticSpectrogram.Create(33, 20, 2, seed: 6).V);
    }

    [Fact]
    public void Templates_peak_at_harmonics_of_their_fundamental()
    {
        var s = SyntheticSpectrogram.Create(513, 10, 1, seed: 0);
        var template = s.W.Column(0);

        // The strongest bin is the fundamental (amplitude 1/h falls with each harmonic) in the lowest quarter.
        Assert.InRange(template.MaximumIndex(), 2, 513 / 4 + 2);
    }

    [Theory]
    [InlineData(4, 10, 2)]
    [InlineData(65, 0, 2)]
    [InlineData(65, 10, 0)]
    public void Degenerate_sizes_are_refused(int frequencies, int frames, int components) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticSpectrogram.Create(frequencies, frames, components));
}
