using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public sealed class MapsCorpus : IDisposable
{
    public static readonly SynthesisOptions Options = new(Tracks: 2, Seed: 7, Duration: 4, SampleRate: 16000);
    public TempFolder Folder { get; } = new();
    public MapsCorpus() => new MapsSynth().Write(Folder.Path, Options);
    public void Dispose() => Folder.Dispose();
}

public class MapsTests(MapsCorpus corpus) : IClassFixture<MapsCorpus>
{
    [Fact]
    public void Maps_loader_enumerates_synthetic_pieces_and_reads_the_planted_notes()
    {
        var dataset = new MapsDataset(corpus.Folder.Path);
        var planted = MapsSynth.Plan(MapsCorpus.Options);
        Assert.Equal(planted.Select(p => p.Id), dataset.TrackIds());
        Assert.Empty(dataset.Validate());
        foreach (var piece in planted)
        {
            var track = dataset.Track(piece.Id);
            Assert.Equal(MapsSynth.Set, track.Set);
            Assert.True(File.Exists(track.AudioPath));
            Assert.NotEmpty(piece.Notes);
            Assert.Equal(piece.Notes, track.Notes);
            Assert.All(track.Notes, n => Assert.InRange(n.MidiPitch, 21, 108));
        }
    }

    [Fact]
    public void Maps_track_loads_notes_only_when_asked()
    {
        var track = new MapsTrack("MAPS_MUS-x_AkPnBcht", "AkPnBcht", "/nowhere/x.wav", "/nowhere/x.txt", 30);
        var e = Assert.Throws<AnnotationFormatException>(() => track.Notes);
        Assert.Contains("/nowhere/x.txt", e.Message);
    }

    [Fact]
    public void Maps_loader_skips_the_header_and_blank_lines_and_reads_CRLF()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.txt", "OnsetTime\tOffsetTime\tMidiPitch\r\n0.500000\t1.120000\t60\r\n\r\n1.000000\t1.500000\t64\r\n");
        Assert.Equal([new Note(0.5, 1.12, 60), new Note(1.0, 1.5, 64)], Maps.LoadNotes(path));
    }

    [Fact]
    public void Maps_loader_stops_at_first_onset_after_crop()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.txt",
            "OnsetTime\tOffsetTime\tMidiPitch\n29.000000\t32.000000\t60\n30.000000\t30.500000\t62\n30.010000\t31.000000\t64\n29.500000\t29.900000\t65\n");
        // 30.0 is not after the crop; 30.01 is, and nothing after it is read even if it starts earlier (the seed assumes sorted rows).
        Assert.Equal([new Note(29, 32, 60), new Note(30, 30.5, 62)], Maps.LoadNotes(path, 30));
        Assert.Equal(4, Maps.LoadNotes(path, null).Count);
    }

    [Fact]
    public void Maps_loader_rejects_a_file_without_header_naming_file_and_line()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.txt", "0.5\t1.0\t60\n");
        var e = Assert.Throws<AnnotationFormatException>(() => Maps.LoadNotes(path));
        Assert.Equal(1, e.Line);
        Assert.Contains(path, e.Message);
        Assert.Contains("OnsetTime", e.Message);
    }

    [Theory]
    [InlineData("0.5\t1.0\t120", "outside the piano range")]
    [InlineData("0.5\t1.0\tC4", "not an integer")]
    [InlineData("0.5\tabc\t60", "not a number")]
    [InlineData("0.5\t0.4\t60", "before onset")]
    [InlineData("0.5 1.0 60", "expected at least 3 fields")]
    public void Maps_loader_names_the_line_of_a_bad_note(string row, string problem)
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.txt", $"OnsetTime\tOffsetTime\tMidiPitch\n0.1\t0.2\t60\n{row}\n");
        var e = Assert.Throws<AnnotationFormatException>(() => Maps.LoadNotes(path));
        Assert.Equal(3, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Maps_reads_the_split_ENSTDkAm_download_as_one_set()
    {
        using var folder = new TempFolder();
        const string header = "OnsetTime\tOffsetTime\tMidiPitch\n0.1\t0.2\t60\n";
        folder.Write("ENSTDkAm1/ENSTDkAm/MUS/MAPS_MUS-a_ENSTDkAm.txt", header);
        folder.Write("ENSTDkAm2/ENSTDkAm/MUS/MAPS_MUS-b_ENSTDkAm.txt", header);
        folder.Write("AkPnBcht/MUS/MAPS_MUS-c_AkPnBcht.txt", header);
        var dataset = new MapsDataset(folder.Path, ["ENSTDkAm"]);
        Assert.Equal(["MAPS_MUS-a_ENSTDkAm", "MAPS_MUS-b_ENSTDkAm"], dataset.TrackIds());
        Assert.All(dataset.TrackIds(), id => Assert.Equal("ENSTDkAm", dataset.Track(id).Set));
        Assert.Equal(3, new MapsDataset(folder.Path).TrackIds().Count);
    }

    [Fact]
    public void Maps_validation_reports_every_missing_or_corrupt_file()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, MapsCorpus.Options with { Tracks = 3 });
        var dataset = new MapsDataset(folder.Path);
        var ids = dataset.TrackIds();
        File.Delete(dataset.Track(ids[0]).NotesPath);
        File.WriteAllText(dataset.Track(ids[1]).AudioPath, "not a wav");
        File.AppendAllText(dataset.Track(ids[2]).NotesPath, "1.0\t2.0\tsixty\n");
        File.WriteAllText(folder.Combine(MapsSynth.Set, "MUS", "MAPS_MUS-orphan_AkPnBcht.txt"), "OnsetTime\tOffsetTime\tMidiPitch\n");

        var problems = new MapsDataset(folder.Path).Validate();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Path == dataset.Track(ids[0]).NotesPath && p.Problem.Contains("not found"));
        Assert.Contains(problems, p => p.Path == dataset.Track(ids[1]).AudioPath && p.Problem.Contains("corrupt"));
        Assert.Contains(problems, p => p.Path == dataset.Track(ids[2]).NotesPath && p.Problem.Contains("line"));
        Assert.Contains(problems, p => p.Path.EndsWith("MAPS_MUS-orphan_AkPnBcht.wav") && p.Problem.Contains("not found"));
    }

    [Fact]
    public void Maps_validation_of_a_missing_root_is_one_problem()
    {
        var problems = new MapsDataset("/no/such/maps").Validate();
        Assert.Equal([new DatasetProblem("/no/such/maps", "dataset root not found")], problems);
    }

    [Fact]
    public void Maps_reads_a_set_folder_of_the_same_layout_under_another_name_and_says_which_sets_it_found()
    {
        using var folder = new TempFolder();
        const string header = "OnsetTime\tOffsetTime\tMidiPitch\n0.1\t0.2\t60\n";
        folder.Write("MyPiano/MUS/MAPS_MUS-etude_MyPiano.txt", header);
        folder.Write("MyPiano/MUS/MAPS_MUS-prelude_MyPiano.txt", header);
        folder.Write("AkPnBcht/MUS/MAPS_MUS-c_AkPnBcht.txt", header);
        folder.Write("ENSTDkAm1/ENSTDkAm/MUS/MAPS_MUS-a_ENSTDkAm.txt", header);
        folder.Write("notes/readme.txt", "not a set: no MUS folder");

        var dataset = new MapsDataset(folder.Path);
        Assert.Equal(["AkPnBcht", "ENSTDkAm", "MyPiano"], dataset.ChosenSets);
        Assert.Equal(["MAPS_MUS-a_ENSTDkAm", "MAPS_MUS-c_AkPnBcht", "MAPS_MUS-etude_MyPiano", "MAPS_MUS-prelude_MyPiano"], dataset.TrackIds());
        Assert.Equal("MyPiano", dataset.Track("MAPS_MUS-etude_MyPiano").Set);
        Assert.Equal(["MAPS sets found: AkPnBcht (1 piece), ENSTDkAm (1 piece), MyPiano (2 pieces, not an official MAPS set)"],
            ((IDataset)dataset).Notes());
        Assert.Equal(["MAPS_MUS-etude_MyPiano", "MAPS_MUS-prelude_MyPiano"], new MapsDataset(folder.Path, ["MyPiano"]).TrackIds());
    }

    [Fact]
    public void Maps_reports_a_chosen_set_with_no_pieces_and_rejects_a_set_that_is_no_folder_name()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, MapsCorpus.Options with { Tracks = 1 });
        var problems = new MapsDataset(folder.Path, [MapsSynth.Set, "AkPnFoo"]).Validate();
        Assert.Equal([new DatasetProblem(folder.Combine("AkPnFoo", "MUS"), "set 'AkPnFoo' chosen but no piece found")], problems);
        var e = Assert.Throws<ArgumentException>(() => new MapsDataset("/x", ["../AkPnFoo"]));
        Assert.Contains("../AkPnFoo", e.Message);
    }
}
