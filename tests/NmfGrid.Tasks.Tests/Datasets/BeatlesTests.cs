using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public sealed class BeatlesCorpus : IDisposable
{
    public static readonly SynthesisOptions Options = new(Tracks: 2, Seed: 2, Duration: 6, SampleRate: 8000);
    public TempFolder Folder { get; } = new();
    public BeatlesCorpus() => new BeatlesSynth().Write(Folder.Path, Options);
    public void Dispose() => Folder.Dispose();
}

public class BeatlesTests(BeatlesCorpus corpus) : IClassFixture<BeatlesCorpus>
{
    [Fact]
    public void Beatles_loader_reads_planted_sections_and_beats_of_the_synthetic_corpus()
    {
        var dataset = new BeatlesDataset(corpus.Folder.Path);
        Assert.Equal(["0101", "0102"], dataset.TrackIds());
        Assert.Empty(dataset.Validate());
        foreach (var song in BeatlesSynth.Plan(BeatlesCorpus.Options))
        {
            var track = dataset.Track(BeatlesSynth.TrackId(song.Index));
            Assert.True(File.Exists(track.AudioPath));
            Assert.Equal(song.Plan.Sections.Select(s => new Section(s.Start, s.End, BeatlesSynth.Label(s.Label))), track.Sections);
            Assert.Equal(song.Plan.Beats, track.Beats);
        }
    }

    [Theory]
    [InlineData("01_-_Please_Please_Me", "11_-_Do_You_Want_To_Know_A_Secret", "0111")]
    [InlineData("10CD2_-_The_Beatles", "CD2_-_12_-_Revolution_9", "10212")]
    [InlineData("10CD1_-_The_Beatles", "CD1_-_01_-_Back_in_the_USSR", "10101")]
    public void Beatles_track_ids_follow_mirdata(string album, string track, string id) =>
        Assert.Equal(id, Beatles.TrackId(album, track));

    [Fact]
    public void Beatles_seglab_label_is_the_fourth_field_after_an_empty_third()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.lab", "0.000\t0.465\t\tsilence\n0.465\t14.931\t\tintro\n14.931\t30.5\t\tverse (instrumental)\n");
        Assert.Equal([new Section(0, 0.465, "silence"), new Section(0.465, 14.931, "intro"), new Section(14.931, 30.5, "verse (instrumental)")],
            Beatles.LoadSections(path));
    }

    [Fact]
    public void Beatles_seglab_with_three_fields_or_spaces_is_read_too()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.lab", "0.000\t0.465\tsilence\n0.465 14.931 intro\n");
        Assert.Equal(["silence", "intro"], Beatles.LoadSections(path).Select(s => s.Label));
    }

    [Fact]
    public void Beatles_seglab_bad_time_names_file_and_line()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.lab", "0.000\t0.465\t\tsilence\n0.465\tx\t\tintro\n");
        var e = Assert.Throws<AnnotationFormatException>(() => Beatles.LoadSections(path));
        Assert.Equal(2, e.Line);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Beatles_beats_fill_New_Point_from_neighbours_and_read_0_as_4()
    {
        using var folder = new TempFolder();
        // Space-separated as in mirdata's fixture; a New Point before a 3, a 0, and a final New Point after a 2.
        var path = folder.Write("a.txt", "13.249  New Point\n13.8  3\n14.4  0\n14.965  1\n15.5  2\n16.1  New Point\n");
        var beats = Beatles.LoadBeats(path);
        Assert.Equal([2, 3, 4, 1, 2, 3], beats.Select(b => b.PositionInBar));
        Assert.Equal(13.249, beats[0].Time);
    }

    [Fact]
    public void Beatles_beats_that_are_all_New_Point_are_rejected()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.txt", "1.0\tNew Point\n2.0\tNew Point\n");
        var e = Assert.Throws<AnnotationFormatException>(() => Beatles.LoadBeats(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Beatles_validation_reports_missing_audio_and_corrupt_annotations()
    {
        using var folder = new TempFolder();
        new BeatlesSynth().Write(folder.Path, BeatlesCorpus.Options);
        var dataset = new BeatlesDataset(folder.Path);
        var first = dataset.Track("0101");
        var second = dataset.Track("0102");
        File.Delete(first.AudioPath);
        File.WriteAllText(second.SectionsPath, "");
        File.AppendAllText(second.BeatsPath, "17.0\tthree\n");
        var problems = new BeatlesDataset(folder.Path).Validate();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Path == first.AudioPath);
        Assert.Contains(problems, p => p.Path == second.SectionsPath && p.Problem == "no sections");
        Assert.Contains(problems, p => p.Path == second.BeatsPath && p.Problem.Contains("three"));
    }
}
