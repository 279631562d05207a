using System.CommandLine;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Coordinator.Tests.Commands;

public sealed class DatasetsCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "nmfgrid-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Build().Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Every registered dataset with a synthetic generator (its kind is the dataset's name).</summary>
    public static TheoryData<string> SyntheticKinds => new(SyntheticCorpora.Kinds);

    [Theory]
    [MemberData(nameof(SyntheticKinds))]
    public void Datasets_synth_then_check_round_trips(string kind)
    {
        var root = Path.Combine(folder, kind);
        var synth = Run("datasets", "synth", "--kind", kind, "--out", root, "--tracks", "2", "--seed", "4", "--duration", "3", "--sample-rate", "8000");
        Assert.True(synth.Code == 0, synth.Err);
        Assert.Contains("Wrote 2", synth.Out);

        var dataset = SyntheticCorpora.Get(kind).Dataset;
        var check = Run("datasets", "check", dataset, root);
        Assert.True(check.Code == 0, check.Err);
        Assert.Contains("2 tracks, 0 problems", check.Out);
        // The loader's own ids (each loader's tests pin them), both listed.
        var ids = DatasetRegistry.Open(dataset, root).TrackIds();
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Contains("  " + id + "\n", check.Out.ReplaceLineEndings("\n")));
        Assert.Equal("", check.Err);
    }

    [Fact]
    public void Datasets_render_writes_a_layout_that_check_accepts()
    {
        var root = Path.Combine(folder, "rwcpop");
        var render = Run("datasets", "render", "--kind", "rwcpop", "--out", root, "--tracks", "1", "--seed", "2", "--duration", "6");
        Assert.True(render.Code == 0, render.Err);
        Assert.Contains("rendered 1/1: Rendered Song 1", render.Out);
        Assert.Contains("Rendered 1 rwcpop track to", render.Out);
        var check = Run("datasets", "check", "rwcpop", root);
        Assert.True(check.Code == 0, check.Err);
        Assert.Contains(": 1 track, 0 problems.", check.Out);
    }

    [Fact]
    public void Datasets_render_with_a_damaged_soundfont_exits_2_naming_it()
    {
        Directory.CreateDirectory(folder);
        var soundFont = Path.Combine(folder, "damaged.sf2");
        File.WriteAllText(soundFont, "RIFF not really a soundfont");
        var render = Run("datasets", "render", "--kind", "beatles", "--out", Path.Combine(folder, "beatles"), "--soundfont", soundFont);
        Assert.Equal(2, render.Code);
        Assert.Contains($"datasets render: SoundFont '{soundFont}'", render.Err);
    }

    [Fact]
    public void Datasets_check_on_a_broken_layout_exits_non_zero_listing_the_problem()
    {
        var root = Path.Combine(folder, "beatles");
        Assert.Equal(0, Run("datasets", "synth", "--kind", "beatles", "--out", root, "--tracks", "2", "--duration", "3", "--sample-rate", "8000").Code);
        var missing = Directory.EnumerateFiles(Path.Combine(root, "audio"), "*.wav", SearchOption.AllDirectories).Order().First();
        File.Delete(missing);

        var check = Run("datasets", "check", "beatles", root);

        Assert.Equal(1, check.Code);
        Assert.Contains(", 1 problem.", check.Out);
        Assert.Contains($"problem: {missing}: audio file not found", check.Err);
    }

    [Fact]
    public void Datasets_check_accepts_a_test_only_MUSDB18_HQ_download_with_a_note()
    {
        var root = Path.Combine(folder, "musdb18hq");
        Assert.Equal(0, Run("datasets", "synth", "--kind", "musdb18hq", "--out", root, "--tracks", "1", "--duration", "3", "--sample-rate", "8000").Code);
        Directory.Delete(Path.Combine(root, "train")); // the one track is in test/: now a test-only download

        var check = Run("datasets", "check", "musdb18hq", root);

        Assert.True(check.Code == 0, check.Err);
        Assert.Contains(": 1 track, 0 problems.", check.Out);
        Assert.Contains($"note: {Path.Combine(root, "train")}: subset folder not found; reading the tracks of test only", check.Out);
    }

    [Fact]
    public void Datasets_check_reads_a_MAPS_set_under_another_name_and_names_the_sets_found()
    {
        var root = Path.Combine(folder, "maps");
        Assert.Equal(0, Run("datasets", "synth", "--kind", "maps", "--out", root, "--tracks", "1", "--duration", "3", "--sample-rate", "8000").Code);
        // The same pieces as the user's own set: <root>/<SET>/MUS/MAPS_MUS-<piece>_<SET>.{wav,txt}.
        var mine = Directory.CreateDirectory(Path.Combine(root, "MyUpright", "MUS")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(root, "AkPnBcht", "MUS")))
            File.Copy(file, Path.Combine(mine, Path.GetFileName(file).Replace("AkPnBcht", "MyUpright")));

        var check = Run("datasets", "check", "maps", root);

        Assert.True(check.Code == 0, check.Err);
        Assert.Contains("2 tracks, 0 problems", check.Out);
        Assert.Contains("note: MAPS sets found: AkPnBcht (1 piece), MyUpright (1 piece, not an official MAPS set)", check.Out);
    }

    [Fact]
    public void Datasets_check_on_a_missing_root_exits_non_zero()
    {
        var check = Run("datasets", "check", "salami", Path.Combine(folder, "nothing-here"));
        Assert.Equal(1, check.Code);
        Assert.Contains("not found", check.Err);
    }

    [Fact]
    public void Datasets_check_rejects_an_unknown_dataset_kind()
    {
        var check = Run("datasets", "check", "gtzan", folder);
        Assert.NotEqual(0, check.Code);
        Assert.Contains("gtzan", check.Err);
    }

    [Fact]
    public void Datasets_synth_rejects_bad_options_with_a_message()
    {
        var synth = Run("datasets", "synth", "--kind", "maps", "--out", Path.Combine(folder, "m"), "--tracks", "0");
        Assert.Equal(2, synth.Code);
        Assert.Contains("Tracks", synth.Err);
    }

    [Fact]
    public void Datasets_list_names_datasets_and_kinds()
    {
        var list = Run("datasets", "list");
        Assert.Equal(0, list.Code);
        Assert.Contains("musdb18hq", list.Out);
        // The registry's names, whatever a test has registered besides the shipped ones.
        Assert.Contains($"datasets: {string.Join(", ", DatasetRegistry.Names)}", list.Out);
        Assert.Contains($"synthetic kinds: {string.Join(", ", SyntheticCorpora.Kinds)}", list.Out);
        Assert.Superset(new HashSet<string> { "beatles", "maps", "musdb18hq", "rwcpop", "salami" }, SyntheticCorpora.Kinds.ToHashSet());
    }
}
