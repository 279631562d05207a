using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public class SynthesisTests
{
    public static TheoryData<string> Kinds => new(SyntheticCorpora.Kinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Synthesis_writes_the_same_bytes_for_the_same_seed_and_other_bytes_for_another(string kind)
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        var options = new SynthesisOptions(Tracks: 1, Seed: 42, Duration: 3, SampleRate: 8000);
        var corpus = SyntheticCorpora.Get(kind);
        corpus.Write(a.Path, options);
        corpus.Write(b.Path, options);
        corpus.Write(c.Path, options with { Seed = 43 });
        var first = Files(a.Path);
        Assert.NotEmpty(first);
        Assert.Equal(first.Keys, Files(b.Path).Keys);
        foreach (var (name, bytes) in Files(b.Path)) Assert.True(bytes.SequenceEqual(first[name]), $"{kind}: {name} differs");
        var other = Files(c.Path);
        Assert.Contains(other, f => !first.TryGetValue(f.Key, out var bytes) || !bytes.SequenceEqual(f.Value));
        Assert.Empty(DatasetRegistry.Open(corpus.Dataset, a.Path).Validate());
    }

    [Fact]
    public void Synthesis_track_i_does_not_depend_on_the_track_count()
    {
        var two = StructureSong.Corpus(new SynthesisOptions(Tracks: 2, Seed: 9), 4);
        var five = StructureSong.Corpus(new SynthesisOptions(Tracks: 5, Seed: 9), 4);
        Assert.Equal(two[1].Plan.Sections, five[1].Plan.Sections);
    }

    [Fact]
    public void Synthetic_songs_repeat_material_per_label_at_a_steady_tempo()
    {
        var plan = SongPlan.Create(new Random(3), 20);
        Assert.True(plan.MusicalSections.Count >= 2);
        Assert.Contains(plan.MusicalSections.GroupBy(s => s.Label), g => g.Count() > 1);
        var beats = plan.Beats;
        Assert.All(beats.Zip(beats.Skip(1)), p => Assert.Equal(plan.BeatPeriod, p.Second.Time - p.First.Time, 9));
        Assert.Equal(plan.BarCount, beats.Count(b => b.IsDownbeat));
        Assert.InRange(plan.End, 10, 20);
    }

    [Fact]
    public void Synthesis_rejects_bad_options_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MapsSynth.Plan(new SynthesisOptions(Tracks: 0)));
        Assert.Equal("Tracks", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => MapsSynth.Plan(new SynthesisOptions(Duration: 0.5)));
        Assert.Throws<ArgumentException>(() => SyntheticCorpora.Get("gtzan"));
    }

    private static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
}

public class DatasetRegistryTests
{
    /// <summary>Every registered dataset: the theories below hold for each, so a new one is checked by registering it.</summary>
    public static TheoryData<string> Names => new(DatasetRegistry.Names);

    [Fact]
    public void Registry_knows_the_six_datasets_by_name()
    {
        Assert.Superset(new HashSet<string> { "beatles", "maps", "musdb18", "musdb18hq", "rwcpop", "salami" }, DatasetRegistry.Names.ToHashSet());
        Assert.Equal(DatasetRegistry.Names.Order(StringComparer.Ordinal), DatasetRegistry.Names);
        Assert.IsType<MusdbDataset>(DatasetRegistry.Open("MUSDB18HQ", "/x"));
        Assert.Equal("musdb18hq", DatasetRegistry.Open("musdb18hq", "/x").Name);
    }

    [Fact]
    public void Registry_rejects_an_unknown_name_listing_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetRegistry.Open("gtzan", "/x"));
        Assert.Contains("gtzan", e.Message);
        Assert.Contains("salami", e.Message);
    }

    [Fact]
    public void Unknown_track_id_names_the_id_and_the_root()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => DatasetRegistry.Open("beatles", "/no/beatles").Track("9999"));
        Assert.Contains("9999", e.Message);
        Assert.Contains("/no/beatles", e.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_dataset_opens_by_its_name_and_reports_a_missing_root_as_a_problem_not_an_exception(string name)
    {
        using var folder = new TempFolder();
        var root = Path.Combine(folder.Path, "absent");
        var dataset = DatasetRegistry.Open(name.ToUpperInvariant(), root);
        Assert.Equal(name, dataset.Name, ignoreCase: true);
        Assert.Equal(root, dataset.Root);
        Assert.NotEmpty(dataset.Validate());
        var e = Assert.Throws<KeyNotFoundException>(() => dataset.Track("no-such-track"));
        Assert.Contains("no-such-track", e.Message);
        Assert.False(Directory.Exists(root), "opening or validating a dataset must not create its root");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_synthetic_generator_writes_the_layout_of_the_dataset_it_is_registered_with(string name)
    {
        if (DatasetRegistry.Synthetic(name) is not { } synthetic) return; // e.g. musdb18 (.stem.mp4) has no generator
        Assert.Equal(name, synthetic.Dataset, ignoreCase: true);
        Assert.Equal(synthetic, SyntheticCorpora.Get(name));
        using var folder = new TempFolder();
        synthetic.Write(folder.Path, new SynthesisOptions(Tracks: 2, Seed: 1, Duration: 3, SampleRate: 8000));
        var dataset = DatasetRegistry.Open(name, folder.Path);
        Assert.Equal(2, dataset.TrackIds().Count);
        Assert.All(dataset.TrackIds(), id => Assert.True(File.Exists(dataset.Track(id).AudioPath), $"{name} {id}: {dataset.Track(id).AudioPath}"));
    }

    [Fact]
    public void A_generator_registered_with_another_dataset_is_refused_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetRegistry.Register("not-beatles", root => new BeatlesDataset(root), new BeatlesSynth()));
        Assert.Contains("'not-beatles'", e.Message);
        Assert.Contains("'beatles'", e.Message);
        Assert.DoesNotContain("not-beatles", DatasetRegistry.Names);
    }
}
