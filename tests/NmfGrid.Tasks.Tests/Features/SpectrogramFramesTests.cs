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

    // The structure task's path: from the float mix, mel frames summed into the bands as they are transformed
    // (SampledMelPower), the pads read in place; the same bits as the double mix's columns of the whole matrix.
    [Theory]
    [InlineData(FeatureKind.Mel, PadMode.Constant)]
    [InlineData(FeatureKind.NnLogMel, PadMode.Constant)]
    [InlineData(FeatureKind.NnLogMel, PadMode.Reflect)]
    [InlineData(FeatureKind.Mel, PadMode.Reflect)]
    [InlineData(FeatureKind.Stft, PadMode.Constant)]   // not mel: through the double mix
    public void Columns_from_the_float_mix_are_the_whole_matrix_columns_bit_for_bit(FeatureKind kind, PadMode pad)
    {
        var mono = Array.ConvertAll(Signals.Noise(96 * 200 + 50, seed: 6), v => (float)v);
        var y = Array.ConvertAll(mono, v => (double)v);
        var p = Parameters(kind, pad);
        var whole = Spectrogram.Compute(y, p);
        // Every frame that reaches into a pad (the first 6 and the last 5 of 201 at n_fft 1024, hop 96) and a few inside.
        int[] frames = [0, 1, 2, 3, 4, 5, 6, 40, 99, 100, 194, 195, 196, 197, 198, 199, 200, 7];
        var at = Spectrogram.ComputeAt(mono, p, frames);
        Assert.Equal(whole.RowCount, at.RowCount);
        for (int j = 0; j < frames.Length; j++)
            Assert.Equal(whole.Column(frames[j]).ToArray(), at.Column(j).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Spectrogram.ComputeAt(mono, p, [3, 201]));
    }

    [Fact]
    public void Nn_log_mel_from_the_float_mix_whose_floor_acts_is_still_the_whole_matrix_columns()
    {
        var mono = new float[96 * 200 + 50];
        var noise = Signals.Noise(mono.Length, seed: 7);
        for (int i = mono.Length / 2; i < mono.Length; i++)
            mono[i] = (float)(1e5 * noise[i]);
        var p = Parameters(FeatureKind.NnLogMel);
        var whole = Spectrogram.Compute(Array.ConvertAll(mono, v => (double)v), p);
        Assert.True(whole[0, 0] > 0, "the test needs the floor to act on the silent frames");
        int[] silent = [0, 1, 2, 3];
        var at = Spectrogram.ComputeAt(mono, p, silent);
        for (int j = 0; j < silent.Length; j++)
            Assert.Equal(whole.Column(silent[j]).ToArray(), at.Column(j).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(1001)]
    public void The_peak_is_the_fold_of_math_max_over_the_absolute_samples(int length)
    {
        var y = Array.ConvertAll(Signals.Noise(length, seed: 8), v => (float)(3 * v));
        if (length > 0)
            y[length * 2 / 3] = -7.5f; // the peak, negative, somewhere inside
        double fold = 0;
        foreach (var v in y)
            fold = Math.Max(fold, Math.Abs((double)v));
        Assert.Equal(fold, Spectrogram.Peak(y));
        if (length == 0)
            return;
        y[length / 2] = float.NaN;
        Assert.True(double.IsNaN(Spectrogram.Peak(y)));
    }

    [Fact]
    public void A_frame_outside_the_signal_is_an_error_naming_it()
    {
        var y = Signals.Noise(96 * 10, seed: 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Spectrogram.ComputeAt(y, Parameters(FeatureKind.Stft), [3, 11]));
        Assert.Contains("Frame 11", e.Message);
    }
}
