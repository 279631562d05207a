using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public sealed class SalamiCorpus : IDisposable
{
    public static readonly SynthesisOptions Options = new(Tracks: 3, Seed: 5, Duration: 8, SampleRate: 8000);
    public TempFolder Folder { get; } = new();
    public SalamiCorpus() => new SalamiSynth().Write(Folder.Path, Options);
    public void Dispose() => Folder.Dispose();
}

public class SalamiTests(SalamiCorpus corpus) : IClassFixture<SalamiCorpus>
{
    [Fact]
    public void Salami_loader_reads_every_level_and_annotator_of_the_synthetic_corpus()
    {
        var dataset = new SalamiDataset(corpus.Folder.Path);
        Assert.Equal(["1", "2", "3"], dataset.TrackIds());
        Assert.Empty(dataset.Validate());
        foreach (var song in SalamiSynth.Plan(SalamiCorpus.Options))
        {
            var track = dataset.Track(SalamiSynth.TrackId(song.Index));
            Assert.EndsWith(".wav", track.AudioPath);
            Assert.Null(track.Beats);
            foreach (var level in Enum.GetValues<SalamiLevel>())
            {
                Assert.Equal(SalamiSynth.Planted(song.Plan, level), track.SectionsBy(1, level));
                if (SalamiSynth.HasSecondAnnotator(song.Index)) Assert.Equal(SalamiSynth.Planted(song.Plan, level), track.SectionsBy(2, level));
                else Assert.Null(track.SectionsBy(2, level));
            }
            Assert.Equal(SalamiSynth.Planted(song.Plan, SalamiLevel.Uppercase), track.Sections);
        }
    }

    [Fact]
    public void Salami_test_subset_is_the_tracks_with_both_annotators()
    {
        Assert.Equal(["1", "3"], new SalamiDataset(corpus.Folder.Path, subset: "test").TrackIds());
        Assert.Equal(["2"], new SalamiDataset(corpus.Folder.Path, subset: "train").TrackIds());
        Assert.Throws<ArgumentException>(() => new SalamiDataset(corpus.Folder.Path, subset: "valid"));
    }

    [Fact]
    public void Salami_preferred_annotator_falls_back_to_the_other()
    {
        var track = new SalamiDataset(corpus.Folder.Path, preferredAnnotator: 2).Track("2");
        Assert.Equal(track.SectionsBy(1, SalamiLevel.Uppercase), track.Sections);
    }

    [Fact]
    public void Salami_drops_zero_length_sections_and_the_final_End_as_mirdata_does()
    {
        using var folder = new TempFolder();
        var path = folder.Write("textfile1_uppercase.txt",
            "0.0\tSilence\n0.223492063\tA\n0.223492063\tB\n53.162222222\tC\n314.269342403\tEnd\n");
        Assert.Equal(
            [new Section(0.0, 0.223492063, "Silence"), new Section(0.223492063, 53.162222222, "B"), new Section(53.162222222, 314.269342403, "C")],
            Salami.LoadSections(path));
    }

    [Fact]
    public void Salami_a_zero_length_section_just_before_End_is_dropped_too()
    {
        using var folder = new TempFolder();
        var path = folder.Write("textfile1_functions.txt", "0.0\tSilence\n1.5\tIntro\n9.0\tSilence\n9.0\tEnd\n");
        Assert.Equal([new Section(0.0, 1.5, "Silence"), new Section(1.5, 9.0, "Intro")], Salami.LoadSections(path));
    }

    [Theory]
    [InlineData("0.0\tSilence\n5.0\tA\n4.0\tEnd\n", 3, "before the previous")]
    [InlineData("0.0\tSilence\nfive\tA\n9.0\tEnd\n", 2, "not a number")]
    [InlineData("0.0 Silence\n9.0\tEnd\n", 1, "TAB")]
    public void Salami_bad_parsed_file_is_reported_with_file_and_line(string text, int line, string problem)
    {
        using var folder = new TempFolder();
        var path = folder.Write("textfile1_uppercase.txt", text);
        var e = Assert.Throws<AnnotationFormatException>(() => Salami.LoadSections(path));
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Salami_validation_reports_missing_audio_missing_annotations_and_corrupt_files()
    {
        using var folder = new TempFolder();
        new SalamiSynth().Write(folder.Path, SalamiCorpus.Options);
        File.Delete(folder.Combine("audio", "1.wav"));
        File.Delete(Salami.ParsedPath(folder.Path, "2", 1, SalamiLevel.Uppercase));
        File.WriteAllText(Salami.ParsedPath(folder.Path, "3", 2, SalamiLevel.Uppercase), "0.0\tA\n");
        var problems = new SalamiDataset(folder.Path).Validate();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Path == folder.Combine("audio", "1.mp3") && p.Problem == "audio file not found");
        Assert.Contains(problems, p => p.Path == Salami.ParsedPath(folder.Path, "2", 1, SalamiLevel.Uppercase) && p.Problem.Contains("either annotator"));
        Assert.Contains(problems, p => p.Path == Salami.ParsedPath(folder.Path, "3", 2, SalamiLevel.Uppercase) && p.Problem.Contains("at least two lines"));
    }
}
