using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Tests.Audio;

namespace NmfGrid.Tasks.Tests.Features;

/// <summary>Features computed at chosen frames only (what the structure task's barwise matrix reads) against the whole matrix.</summary>
public sealed class SpectrogramFramesTests
{
    private static readonly int[] Frames = [0, 1, 7, 8, 40, 41, 42, 99, 150, 200];

    private static FeatureParameters Parameters(FeatureKind kind, PadMode pad = PadMode.Constant) =>
        new() { Kind = kind, SampleRate = 22050, NFft = 1024, HopLength = 96, NMels = 40, PadMode = pad };

    [Theory]
    [InlineData(FeatureKind.Stft, PadMode.Constant)]
    [InlineData(FeatureKind.Mel, PadMode.Constant)]
    [InlineData(FeatureKind.NnLogMel, PadMode.Constant)]
    [InlineData(FeatureKind.NnLogMel, PadMode.Reflect)]
    [InlineData(FeatureKind.LogMel, PadMode.Constant)]  // computed whole, the columns taken
    [InlineData(FeatureKind.Chroma, PadMode.Constant)]  // likewise
    public void Columns_at_the_frames_are_the_whole_matrix_columns_bit_for_bit(FeatureKind kind, PadMode pad)
    {
        var y = Signals.Noise(96 * 200 + 50, seed: 3);
        var p = Parameters(kind, pad);
        var whole = Spectrogram.Compute(y, p);
        var at = Spectrogram.ComputeAt(y, p, Frames);
        Assert.Equal(whole.RowCount, at.RowCount);
        for (int j = 0; j < Frames.Length; j++)
            Assert.Equal(whole.Column(Frames[j]).ToArray(), at.Column(j).ToArray());
        if (Spectrogram.FrameCount(y.Length, p) is { } count)
            Assert.Equal(whole.ColumnCount, count);
    }

    // Transcription's V: the lowest rows only (STFT bins computed alone, other kinds computed whole and the rows taken).
    [Theory]
    [InlineData(FeatureKind.Stft, 100)]
    [InlineData(FeatureKind.Mel, 12)]
    [InlineData(FeatureKind.Chroma, 12)]
    public void The_lowest_rows_are_the_whole_matrix_rows_bit_for_bit(FeatureKind kind, int rows)
    {
        var y = Signals.Noise(96 * 200 + 50, seed: 4);
        var p = Parameters(kind);
        var whole = Spectrogram.Compute(y, p);
        var low = Spectrogram.ComputeLowRows(y, p, rows);
        Assert.Equal(whole.SubMatrix(0, rows, 0, whole.ColumnCount), low);
        Assert.Throws<ArgumentOutOfRangeException>(() => Spectrogram.ComputeLowRows(y, p, whole.RowCount + 1));
        // From a decoded signal (the float mix): the same rows; a signal at another rate is refused.
        var signal = NmfGrid.Tasks.Audio.AudioSignal.FromMono(Array.ConvertAll(y, v => (float)v), p.SampleRate);
        var fromSignal = Spectrogram.ComputeLowRows(signal, p, rows);
        Assert.Equal(Spectrogram.ComputeLowRows(signal.MonoAsDouble(), p, rows), fromSignal);
        var e = Assert.Throws<ArgumentException>(() => Spectrogram.ComputeLowRows(
            NmfGrid.Tasks.Audio.AudioSignal.FromMono(signal.Mono(), 8000), p, rows));
        Assert.Contains("8000 Hz", e.Message);
    }

    [Fact]
    public void Nn_log_mel_whose_top_db_floor_acts_is_still_the_whole_matrix_columns()
    {
        // Silence, then noise 10⁵ times full scale: the loud frames reach past 80 dB above the silent ones (0 dB), so
        // the floor (max − 80 dB) lifts the silent frames, which frames taken alone cannot know.
        var y = new double[96 * 200 + 50];
        var noise = Signals.Noise(y.Length, seed: 5);
        for (int i = y.Length / 2; i < y.Length; i++)
            y[i] = 1e5 * noise[i];
        var p = Parameters(FeatureKind.NnLogMel);
        var whole = Spectrogram.Compute(y, p);
        Assert.True(whole[0, 0] > 0, "the test needs the floor to act on the silent frames");
        int[] silent = [0, 1, 2, 3];
        var at = Spectrogram.ComputeAt(y, p, silent);
        for (int j = 0; j < silent.Length; j++)
            Assert.Equal(whole.Column(silent[j]).ToArray(), at.Column(j).ToArray());
    }

    [Fact]
    public void A_frame_outside_the_signal_is_an_error_naming_it()
    {
        var y = Signals.Noise(96 * 10, seed: 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Spectrogram.ComputeAt(y, Parameters(FeatureKind.Stft), [3, 11]));
        Assert.Contains("Frame 11", e.Message);
    }
}
