using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public sealed class RwcCorpus : IDisposable
{
    public static readonly SynthesisOptions Options = new(Tracks: 2, Seed: 11, Duration: 6, SampleRate: 8000);
    public TempFolder Folder { get; } = new();
    public RwcCorpus() => new RwcPopularSynth().Write(Folder.Path, Options);
    public void Dispose() => Folder.Dispose();
}

public class RwcPopularTests(RwcCorpus corpus) : IClassFixture<RwcCorpus>
{
    [Fact]
    public void RwcPopular_loader_reads_planted_sections_and_beats_of_the_synthetic_corpus()
    {
        var dataset = new RwcPopularDataset(corpus.Folder.Path);
        Assert.Equal(["RM-P001", "RM-P002"], dataset.TrackIds());
        Assert.Empty(dataset.Validate());
        foreach (var song in RwcPopularSynth.Plan(RwcCorpus.Options))
        {
            var track = dataset.Track(RwcPopularSynth.TrackId(song.Index));
            Assert.Equal(corpus.Folder.Combine("audio", "rwc-p-m01", $"{song.Index + 1}.wav"), track.AudioPath);
            Assert.Equal(song.Plan.Sections.Select(s => new Section(s.Start, s.End, RwcPopularSynth.Mirex10Label(s.Label))), track.Sections);
            Assert.Equal(song.Plan.Sections.Select(s => new Section(s.Start, s.End, RwcPopularSynth.AistLabel(s.Label))), track.AistSections);
            Assert.Equal(song.Plan.Beats, track.Beats);
        }
    }

    [Fact]
    public void RwcPopular_AIST_sections_are_in_10_ms_units_with_quoted_labels()
    {
        using var folder = new TempFolder();
        var path = folder.Write("RM-P001.CHORUS.TXT", "4\t1026\t\"intro\"\n1026\t2315\t\"chorus A\"\n20271\t20716\t\"ending\"\n");
        Assert.Equal([new Section(0.04, 10.26, "intro"), new Section(10.26, 23.15, "chorus A"), new Section(202.71, 207.16, "ending")],
            RwcPopular.LoadAistSections(path));
    }

    [Fact]
    public void RwcPopular_MIREX10_sections_keep_seconds_and_bar_count_labels()
    {
        using var folder = new TempFolder();
        var path = folder.Write("RM-P001.BLOCKS.lab",
            "0.0000000\t0.0588499\t#\n0.0588499\t9.6587452\t8\n76.8344662\t93.6544910\t12+2\n122.4536460\t132.0383322\t-8+16\n");
        var sections = RwcPopular.LoadMirex10Sections(path);
        Assert.Equal(["#", "8", "12+2", "-8+16"], sections.Select(s => s.Label));
        Assert.Equal(9.6587452, sections[1].End);
    }

    [Fact]
    public void RwcPopular_beat_codes_become_positions_in_the_bar_and_minus_one_lines_are_dropped()
    {
        using var folder = new TempFolder();
        // Two pickup beats (codes 96, 144), a 4/4 bar, a line to ignore, then a 3-beat bar.
        var path = folder.Write("RM-P001.BEAT.TXT",
            "4\t4\t96\n49\t49\t144\n93\t93\t384\n140\t140\t48\n186\t186\t96\n200\t200\t-1\n232\t232\t144\n279\t279\t384\n325\t325\t48\n371\t371\t96\n418\t418\t384\n");
        var beats = RwcPopular.LoadBeats(path);
        Assert.Equal([3, 4, 1, 2, 3, 4, 1, 2, 3, 1], beats.Select(b => b.PositionInBar));
        Assert.Equal([0.04, 0.49, 0.93, 1.40, 1.86, 2.32, 2.79, 3.25, 3.71, 4.18], beats.Select(b => b.Time));
    }

    [Fact]
    public void RwcPopular_beat_file_without_bar_start_is_rejected_naming_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write("RM-P002.BEAT.TXT", "4\t4\t48\n49\t49\t96\n");
        var e = Assert.Throws<AnnotationFormatException>(() => RwcPopular.LoadBeats(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("384", e.Message);
    }

    [Fact]
    public void RwcPopular_bad_line_is_reported_with_file_and_line()
    {
        using var folder = new TempFolder();
        var path = folder.Write("RM-P001.CHORUS.TXT", "4\t1026\t\"intro\"\n1026\tlater\t\"chorus A\"\n");
        var e = Assert.Throws<AnnotationFormatException>(() => RwcPopular.LoadAistSections(path));
        Assert.Equal(2, e.Line);
        Assert.Contains("'later'", e.Message);
    }

    [Fact]
    public void RwcPopular_finds_the_seeds_flat_mp3_copy_when_there_is_no_cd_folder()
    {
        using var folder = new TempFolder();
        folder.Write("annotations/mirex10_sections-main/RM-P007.BLOCKS.lab", "0.0\t5.0\tA\n");
        folder.Write("audio/RM-P007.mp3", "ID3...");
        var dataset = new RwcPopularDataset(folder.Path);
        var track = dataset.Track("RM-P007");
        Assert.Equal(folder.Combine("audio", "RM-P007.mp3"), track.AudioPath);
        Assert.Null(track.Beats);
        Assert.Empty(dataset.Validate());
    }

    [Fact]
    public void RwcPopular_validation_reports_missing_audio_missing_sections_and_corrupt_beats()
    {
        using var folder = new TempFolder();
        new RwcPopularSynth().Write(folder.Path, RwcCorpus.Options);
        var dataset = new RwcPopularDataset(folder.Path);
        var first = dataset.Track("RM-P001");
        var second = dataset.Track("RM-P002");
        File.Delete(first.AudioPath);
        File.Delete(second.Mirex10Path);
        File.AppendAllText(second.BeatPath, "999\t999\n");
        var problems = new RwcPopularDataset(folder.Path).Validate();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Path == first.AudioPath);
        Assert.Contains(problems, p => p.Path == second.Mirex10Path && p.Problem.Contains("not found"));
        Assert.Contains(problems, p => p.Path == second.BeatPath && p.Problem.StartsWith("line "));
        // AIST sections are still complete, so scoring against them is usable.
        Assert.DoesNotContain(new RwcPopularDataset(folder.Path, RwcSectionSource.AistChorus).Validate(), p => p.Path == second.ChorusPath);
    }

    [Fact]
    public void RwcPopular_corrupt_metadata_is_a_validation_problem_not_a_crash()
    {
        using var folder = new TempFolder();
        folder.Write("metadata-master/rwc-p.csv", "Piece No.,Cat. Suffix,Tr. No.,Title\nNo. one,M01,Tr. 01,Song\n");
        folder.Write("annotations/mirex10_sections-main/RM-P001.BLOCKS.lab", "0.0\t5.0\tA\n");
        folder.Write("audio/RM-P001.mp3", "ID3...");
        var dataset = new RwcPopularDataset(folder.Path);
        Assert.Equal(["RM-P001"], dataset.TrackIds());
        var problem = Assert.Single(dataset.Validate());
        Assert.Equal(folder.Combine("metadata-master", "rwc-p.csv"), problem.Path);
        Assert.StartsWith("line 2:", problem.Problem);
    }
}
