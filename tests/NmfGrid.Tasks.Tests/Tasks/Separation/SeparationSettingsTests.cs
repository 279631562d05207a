using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

public class SeparationSettingsTests
{
    private static ConfigSection Section(params (string Key, object? Value)[] values) =>
        new("task", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Seed_preset_reproduces_the_seed_choices()
    {
        var s = SeparationSettings.From(Section(("name", "separation"), ("preset", "seed")));
        Assert.Equal(1, s.Starts);
        Assert.Equal(0, s.KMeansSeed);
        Assert.Equal(22050, s.MfccSampleRate);
        Assert.Equal(Masking.None, s.Masking);
        Assert.False(s.FullLength);
        Assert.Equal(AssignmentKind.Argmax, s.Assignment);
        Assert.Equal(30.0, s.Duration);
        Assert.Equal(0, s.StabilitySeeds);
        Assert.Equal(KMeansPlusPlusDraw.Choice, s.ScikitLearnKMeans); // scikit-learn 1.7's k-means++, as the seed pins it
    }

    [Theory]
    [InlineData("seed", null, KMeansPlusPlusDraw.Choice)]
    [InlineData("nmfgrid", null, null)]
    [InlineData("nmfgrid", "sklearn", KMeansPlusPlusDraw.Choice)]
    [InlineData("seed", "sklearn_1.2", KMeansPlusPlusDraw.RandInt)]
    [InlineData("seed", "nmfgrid", null)]
    public void The_kmeans_key_picks_whose_k_means_runs(string preset, string? kmeans, KMeansPlusPlusDraw? expected)
    {
        var values = kmeans is null ? new[] { ("preset", (object?)preset) } : [("preset", preset), ("kmeans", kmeans)];
        Assert.Equal(expected, SeparationSettings.From(Section(values)).ScikitLearnKMeans);
    }

    [Fact]
    public void NmfGrid_preset_is_the_default_and_fixes_the_seed_quirks()
    {
        var s = SeparationSettings.From(Section(("name", "separation")));
        Assert.False(s.SeedPreset);
        Assert.Null(s.KMeansSeed);
        Assert.Equal(44100, s.MfccSampleRate);
        Assert.Equal(Masking.Wiener, s.Masking);
        Assert.True(s.FullLength);
        Assert.Equal(AssignmentKind.Optimal, s.Assignment);
        Assert.True(s.Starts > 1);
    }

    [Fact]
    public void Explicit_settings_override_the_preset()
    {
        var s = SeparationSettings.From(Section(("preset", "seed"), ("assignment", "optimal"), ("n_init", 4L), ("duration", 0L)));
        Assert.Equal(AssignmentKind.Optimal, s.Assignment);
        Assert.Equal(4, s.Starts);
        Assert.Null(s.Duration);
    }

    [Theory]
    [InlineData("n_sourcez", 4L, "task.n_sourcez")]
    [InlineData("n_sources", 0L, "task.n_sources")]
    [InlineData("bss_eval", "v5", "task.bss_eval")]
    [InlineData("mask_power", -1.0, "task.mask_power")]
    [InlineData("n_fft", 2047L, "task.n_fft")]
    [InlineData("preset", "librosa", "task.preset")]
    [InlineData("kmeans", "scipy", "task.kmeans")]
    [InlineData("write_audio_to", "", "task.write_audio_to")]
    [InlineData("silent_stem_db", 10.0, "task.silent_stem_db")]
    [InlineData("silent_stem_db", "quiet", "task.silent_stem_db")]
    public void Bad_settings_name_the_key(string key, object value, string expected)
    {
        var error = Assert.Throws<ConfigKeyException>(() => new SeparationTask().Parse(Section((key, value))));
        Assert.Equal(expected, error.Key);
    }

    [Fact]
    public void Silent_stem_threshold_is_minus_60_dB_by_default_and_all_zero_only_in_the_seed_preset_or_when_none()
    {
        Assert.Equal(-60, SeparationSettings.From(Section(("name", "separation"))).SilentStemDb);
        Assert.Null(SeparationSettings.From(Section(("preset", "seed"))).SilentStemDb);
        Assert.Null(SeparationSettings.From(Section(("silent_stem_db", "none"))).SilentStemDb);
        Assert.Equal(-40, SeparationSettings.From(Section(("preset", "seed"), ("silent_stem_db", -40L))).SilentStemDb);
    }

    [Fact]
    public void Separation_task_is_registered()
    {
        Assert.IsType<SeparationTask>(TaskRegistry.Get("separation"));
    }
}
