using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Structure;

namespace NmfGrid.Tasks.Tests.Tasks.Structure;

public class StructureSettingsTests
{
    private static ConfigSection Section(params (string Key, object? Value)[] values) =>
        new("task", values.ToDictionary(v => v.Key, v => v.Value));

    private static readonly BeatlesTrack Beatles = new("0111", "album", "title", "a.wav", "s.lab", "b.txt");

    [Fact]
    public void Nmfgrid_preset_is_the_default_and_fixes_the_seed_quirks()
    {
        var s = StructureSettings.From(Section(("name", "structure")), Beatles);
        Assert.Equal("nmfgrid", s.Preset);
        Assert.Equal(32, s.Features.HopLength);
        Assert.True(s.Cbm.IncludeLastBar);
        Assert.True(s.TimesFromColumns);
        Assert.True(s.Trim);
        Assert.False(s.BarsAsRows);
    }

    [Fact]
    public void The_seed_factorises_bars_as_rows_and_then_prepares_no_tensor()
    {
        Assert.True(StructureSettings.From(Section(("preset", "seed")), Beatles).BarsAsRows);
        Assert.False(StructureSettings.From(Section(("preset", "seed"), ("bar_axis", "columns")), Beatles).BarsAsRows);
        Assert.False(new StructureTask().PreparesTensor(new StructureTask().Parse(Section(("preset", "seed")))));
        Assert.True(new StructureTask().PreparesTensor(new StructureTask().Parse(Section(("preset", "nmfgrid")))));
        var error = Assert.Throws<ConfigKeyException>(() => StructureSettings.From(Section(("bar_axis", "diagonal")), Beatles));
        Assert.Equal("task.bar_axis", error.Key);
    }

    [Fact]
    public void Seed_preset_reproduces_the_seed_including_the_beatles_hop_96()
    {
        var s = StructureSettings.From(Section(("preset", "seed")), Beatles);
        Assert.Equal(96, s.Features.HopLength);
        Assert.Equal(32, s.Features.NFft);
        Assert.False(s.Cbm.IncludeLastBar);
        Assert.False(s.TimesFromColumns);
        Assert.False(s.Trim);
        Assert.Equal(7, s.Cbm.Bands);
        Assert.Equal("modulo8", s.Cbm.PenaltyFunction);
        Assert.Equal(96, s.Subdivision);
        Assert.Equal(SimilarityKind.Cosine, s.Similarity);
        Assert.Equal(32, StructureSettings.From(Section(("preset", "seed")), null).Features.HopLength);
    }

    [Fact]
    public void Explicit_settings_override_the_preset()
    {
        var s = StructureSettings.From(Section(("preset", "seed"), ("hop", 64L), ("last_bar", true), ("bands", "none"), ("similarity", "rbf")), Beatles);
        Assert.Equal(64, s.Features.HopLength);
        Assert.True(s.Cbm.IncludeLastBar);
        Assert.Null(s.Cbm.Bands);
        Assert.Equal(SimilarityKind.Rbf, s.Similarity);
    }

    [Theory]
    [InlineData("penalty", "modulo8")]
    [InlineData("penalty_func", "modulo3")]
    [InlineData("similarity", "euclid")]
    [InlineData("segmenter", "spectral")]
    [InlineData("preset", "msaf")]
    [InlineData("feature", "pcp")]
    public void Bad_keys_and_values_are_rejected_naming_the_key(string key, string value)
    {
        var e = Assert.Throws<ConfigKeyException>(() => new StructureTask().Parse(Section((key, value))));
        Assert.Equal("task." + key, e.Key);
    }

    [Theory]
    [InlineData("max_size", 0L)]
    [InlineData("bands", 0L)]
    [InlineData("foote_width", 3L)]
    [InlineData("subdivision", -1L)]
    [InlineData("hop", 0L)]
    public void Out_of_range_numbers_are_rejected_naming_the_key(string key, long value)
    {
        var e = Assert.Throws<ConfigKeyException>(() => StructureSettings.From(Section((key, value))));
        Assert.Equal("task." + key, e.Key);
    }

    [Fact]
    public void The_task_is_registered_as_structure() =>
        Assert.IsType<StructureTask>(TaskRegistry.Get("structure"));

    [Fact]
    public void The_seed_preset_asks_the_track_for_its_seed_framing_not_for_its_dataset()
    {
        var framed = new FramedTrack(SeedHop: 128, SeedNFft: 64);
        var s = StructureSettings.From(Section(("preset", "seed")), framed);
        Assert.Equal((128, 64), (s.Features.HopLength, s.Features.NFft));
        Assert.Equal(32, StructureSettings.From(Section(("preset", "nmfgrid")), framed).Features.HopLength);
        Assert.Equal(32, StructureSettings.From(Section(("preset", "seed")), new PlainTrack()).Features.HopLength);
    }

    private sealed record FramedTrack(int SeedHop, int SeedNFft) : ISeedFraming
    {
        public string Id => "framed";
        public string AudioPath => "framed.wav";
    }

    private sealed record PlainTrack : ITrack
    {
        public string Id => "plain";
        public string AudioPath => "plain.wav";
    }
}
