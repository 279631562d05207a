using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Transcription;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

public class TranscriptionSettingsTests
{
    private static TranscriptionSettings Read(params (string Key, object? Value)[] values) =>
        TranscriptionSettings.From(TranscriptionFloorTests.Section("task", values));

    [Fact]
    public void Seed_preset_reproduces_the_seed_config_and_its_quirks()
    {
        var s = Read(("name", "transcription"), ("preset", "seed"));
        Assert.Equal((44100, 3528, 882), (s.SampleRate, s.NFft, s.HopLength));
        Assert.Equal(0.01, s.Threshold);
        Assert.True(s.AdaptiveThreshold);
        Assert.Equal(10, s.AdaptiveWindow);
        Assert.Equal(5, s.SmoothingWindow);
        Assert.Equal(0.3, s.Salience);
        Assert.Equal(TemplatePitchRule.Autocorrelation, s.TemplatePitch);
        Assert.False(s.FrameCentreTimes);
        Assert.False(s.CloseAtEnd);
        Assert.False(s.PitchInHz);
        Assert.Equal(0.1, s.OnsetTolerance);
        Assert.Equal(0, s.MinDuration);
        Assert.Equal(0, s.MergeGap);
        Assert.False(s.ThresholdOfMax);
    }

    [Fact]
    public void NmfGrid_preset_is_the_default_and_fixes_times_pitch_units_and_the_last_note()
    {
        var s = Read(("name", "transcription"));
        Assert.Equal(TranscriptionSettings.NmfGridPreset, s.Preset);
        Assert.True(s.FrameCentreTimes);
        Assert.True(s.CloseAtEnd);
        Assert.True(s.PitchInHz);
        Assert.Equal(0.05, s.OnsetTolerance);
        Assert.Equal(TemplatePitchRule.Auto, s.TemplatePitch);
    }

    [Fact]
    public void Explicit_settings_override_the_preset()
    {
        var s = Read(("preset", "seed"), ("onset_tolerance", 0.05), ("frame_time", "centre"), ("threshold", 0.03));
        Assert.Equal(0.05, s.OnsetTolerance);
        Assert.True(s.FrameCentreTimes);
        Assert.Equal(0.03, s.Threshold);
        Assert.False(s.PitchInHz);
    }

    [Theory]
    [InlineData("tresh", 0.1, "task.tresh")]
    [InlineData("preset", "sklearn", "task.preset")]
    [InlineData("n_fft", 2L, "task.n_fft")]
    [InlineData("hop_length", 0L, "task.hop_length")]
    [InlineData("threshold", -0.1, "task.threshold")]
    [InlineData("salience", 1.5, "task.salience")]
    [InlineData("smoothing_window", 0L, "task.smoothing_window")]
    [InlineData("min_duration", -1.0, "task.min_duration")]
    [InlineData("merge_gap", -0.1, "task.merge_gap")]
    [InlineData("threshold_scale", "l1", "task.threshold_scale")]
    [InlineData("pitch_max", 10.0, "task.pitch_max")]
    [InlineData("template_pitch", "yin", "task.template_pitch")]
    [InlineData("pitch_units", "cents", "task.pitch_units")]
    [InlineData("frame_time", "start", "task.frame_time")]
    [InlineData("adaptive_threshold", "yes", "task.adaptive_threshold")]
    public void Bad_settings_fail_naming_the_key(string key, object value, string expected)
    {
        var e = Assert.Throws<ConfigKeyException>(() => Read((key, value)));
        Assert.Equal(expected, e.Key);
    }

    [Fact]
    public void Frame_times_are_frame_centres_or_the_seeds_shifted_times()
    {
        var centre = Read();
        var seed = Read(("preset", "seed"));
        Assert.Equal(10 * 882 / 44100.0, centre.FrameTime(10), 12);
        // librosa.frames_to_time(t, sr, hop, n_fft) = (t·hop + n_fft//2)/sr: 40 ms late at 3528.
        Assert.Equal((10 * 882 + 1764) / 44100.0, seed.FrameTime(10), 12);
    }
}
