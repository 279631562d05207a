using NAudio.Midi;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Rendering;
using NmfGrid.Tasks.Tests.Datasets;

namespace NmfGrid.Tasks.Tests.Datasets.Rendering;

/// <summary>Rendered corpora through FluidSynth (test.sh installs fluidsynth and musescore-general-soundfont-small).</summary>
public class RenderTests
{
    private static readonly RenderOptions Small = new(Tracks: 1, Seed: 3, Duration: 8);

    public static TheoryData<string> StructureKinds => new("beatles", "rwcpop", "salami");

    [Theory]
    [MemberData(nameof(StructureKinds))]
    public void A_structure_corpus_is_read_by_its_loader_with_sections_on_the_bar_lines_and_beats_from_the_tempo_map(string kind)
    {
        using var root = new TempFolder();
        var corpus = RenderedCorpora.Get(kind);
        corpus.Write(root.Path, Small);
        var dataset = DatasetRegistry.Open(corpus.Dataset, root.Path);
        Assert.Empty(dataset.Validate());
        var track = (IStructureTrack)dataset.Track(Assert.Single(dataset.TrackIds()));
        var salt = kind switch { "beatles" => BeatlesRender.Salt, "rwcpop" => RwcPopularRender.Salt, _ => SalamiRender.Salt };
        var piece = PieceSource.Pieces(Small, PieceSource.Style.Band, 1, salt).Single();
        var downbeats = piece.Beats().Where(b => b.IsDownbeat).Select(b => b.Time).Append(piece.MusicEnd).ToArray();
        // AIST files count in 10 ms units: 5 ms of rounding.
        const double tolerance = 0.0051;
        foreach (var section in track.Sections.Where(s => s.Start > 0 && s.Start < piece.MusicEnd + tolerance))
            Assert.Contains(downbeats, d => Math.Abs(d - section.Start) <= tolerance);
        foreach (var mark in piece.Sections)
            Assert.Contains(track.Sections, s => Math.Abs(s.Start - piece.Tempo.Seconds(mark.Tick)) <= tolerance);
        if (track.Beats is { } beats)
        {
            var expected = piece.Beats();
            Assert.Equal(expected.Count, beats.Count);
            Assert.All(expected.Zip(beats), p =>
            {
                Assert.Equal(p.First.Time, p.Second.Time, tolerance);
                Assert.Equal(p.First.PositionInBar, p.Second.PositionInBar);
            });
        }
        Assert.Empty(Directory.EnumerateDirectories(root.Path, ".render-staging*"));
    }

    [Fact]
    public void Musdb_stems_sum_to_the_mixture_exactly_in_both_subsets()
    {
        using var root = new TempFolder();
        new MusdbRender().Write(root.Path, Small with { TrainTracks = 1 });
        var dataset = (MusdbDataset)DatasetRegistry.Open("musdb18hq", root.Path);
        Assert.Empty(dataset.Validate());
        Assert.Equal(2, dataset.TrackIds().Count);
        foreach (var id in dataset.TrackIds())
        {
            var track = dataset.Track(id);
            var stereo = new AudioReadOptions { Mono = false };
            var mixture = AudioReader.Read(track.StemPaths[Stem.Mixture], stereo);
            Assert.Equal(2, mixture.ChannelCount);
            Assert.Equal(44100, mixture.SampleRate);
            var stems = Musdb18.Stems.Skip(1).Select(s => AudioReader.Read(track.StemPaths[s], stereo)).ToArray();
            Assert.All(stems, s => Assert.True(s.Channels[0].Max(MathF.Abs) > 0.01f, "a silent stem"));
            for (var c = 0; c < 2; c++)
            for (var n = 0; n < mixture.Length; n++)
                Assert.Equal(mixture.Channels[c][n], stems.Sum(s => s.Channels[c][n]));
        }
        Assert.Contains(dataset.TrackIds(), id => dataset.Track(id).Subset == "train");
        Assert.Contains(dataset.TrackIds(), id => dataset.Track(id).Subset == "test");
    }

    [Fact]
    public void Maps_pieces_list_the_midi_notes_and_isolated_notes_follow_the_maps_naming()
    {
        using var root = new TempFolder();
        var options = Small with { IsolatedNuances = ['M', 'F'], IsolatedRange = (60, 61) };
        new MapsRender().Write(root.Path, options);
        var dataset = new MapsDataset(root.Path);
        Assert.Empty(dataset.Validate());
        var track = dataset.Track(Assert.Single(dataset.TrackIds()));
        Assert.Equal("MAPS_MUS-render01_AkPnBcht", track.Id);
        Assert.True(File.Exists(Path.ChangeExtension(track.AudioPath, ".mid")));
        var piece = PieceSource.Pieces(options, PieceSource.Style.Piano, 1, MapsRender.Salt).Single();
        var expected = piece.Notes();
        var notes = Maps.LoadNotes(track.NotesPath, null);
        Assert.Equal(expected.Count, notes.Count);
        Assert.All(expected.Zip(notes), p =>
        {
            Assert.Equal(p.First.MidiPitch, p.Second.MidiPitch);
            Assert.Equal(p.First.Onset, p.Second.Onset, 0.001);
            Assert.Equal(p.First.Offset, p.Second.Offset, 0.001);
        });
        var isolated = Path.Combine(root.Path, "AkPnBcht", "ISOL", "NO");
        Assert.Equal(12, Directory.EnumerateFiles(isolated).Count());
        var loud = Peak(Path.Combine(isolated, "MAPS_ISOL_NO_F_S0_M60_AkPnBcht.wav"));
        var soft = Peak(Path.Combine(isolated, "MAPS_ISOL_NO_M_S0_M60_AkPnBcht.wav"));
        Assert.True(loud > soft && soft > 0.01, $"forte peak {loud}, mezzo-forte peak {soft}");
        var note = Assert.Single(Maps.LoadNotes(Path.Combine(isolated, "MAPS_ISOL_NO_M_S0_M61_AkPnBcht.txt")));
        Assert.Equal(new Note(0.5, 1.5, 61), note);
        // Nothing sounds before the onset at 0.5 s.
        var audio = AudioReader.Read(Path.Combine(isolated, "MAPS_ISOL_NO_F_S0_M61_AkPnBcht.wav"));
        Assert.True(audio.Channels[0].Take(20000).Max(MathF.Abs) < 1e-3);
        Assert.True(audio.Channels[0].Skip(22050).Take(22050).Max(MathF.Abs) > 0.01);
    }

    private static double Peak(string path) => AudioReader.Read(path).Channels[0].Max(MathF.Abs);

    [Fact]
    public void A_users_midi_file_is_rendered_with_its_own_notes_tempo_changes_and_markers()
    {
        using var root = new TempFolder();
        using var midi = new TempFolder();
        var path = midi.Combine("my song.mid");
        var events = new MidiEventCollection(1, 96);
        var conductor = events.AddTrack();
        conductor.Add(new TempoEvent(500_000, 0));
        conductor.Add(new TempoEvent(1_000_000, 384));
        conductor.Add(new TextEvent("Intro", MetaEventType.Marker, 0));
        conductor.Add(new TextEvent("Verse", MetaEventType.Marker, 384));
        conductor.Add(new TextEvent("Chorus", MetaEventType.Marker, 768));
        conductor.Add(new MetaEvent(MetaEventType.EndTrack, 0, 1152));
        var piano = events.AddTrack();
        piano.Add(new PatchChangeEvent(0, 1, 0));
        var drums = events.AddTrack();
        for (var beat = 0; beat < 12; beat++)
        {
            var on = new NoteOnEvent(beat * 96, 1, 60 + beat, 80, 90);
            piano.Add(on);
            piano.Add(on.OffEvent);
            var hit = new NoteOnEvent(beat * 96, 10, 36, 100, 40);
            drums.Add(hit);
            drums.Add(hit.OffEvent);
        }
        piano.Add(new MetaEvent(MetaEventType.EndTrack, 0, 1152));
        drums.Add(new MetaEvent(MetaEventType.EndTrack, 0, 1152));
        MidiFile.Export(path, events);

        var options = new RenderOptions(Tracks: 5, MidiFolder: midi.Path) { IsolatedNuances = [] };
        new MapsRender().Write(root.Combine("maps"), options);
        var maps = new MapsDataset(root.Combine("maps"));
        Assert.Empty(maps.Validate());
        var notes = maps.Track("MAPS_MUS-my song_AkPnBcht").Notes;
        Assert.Equal(12, notes.Count);
        // 0.5 s a beat for four beats, then 1 s a beat.
        var onsets = Enumerable.Range(0, 12).Select(b => b < 4 ? 0.5 * b : 2.0 + (b - 4)).ToArray();
        Assert.All(onsets.Zip(notes), p => Assert.Equal(p.First, p.Second.Onset, 0.001));
        Assert.Equal(Enumerable.Range(60, 12), notes.Select(n => n.MidiPitch));

        new BeatlesRender().Write(root.Combine("beatles"), options);
        var beatles = new BeatlesDataset(root.Combine("beatles"));
        Assert.Empty(beatles.Validate());
        var song = (IStructureTrack)beatles.Track(Assert.Single(beatles.TrackIds()));
        Assert.Equal(["intro", "verse", "refrain", "silence"], song.Sections.Select(s => s.Label));
        Assert.Equal([0.0, 2.0, 6.0, 10.0], song.Sections.Select(s => s.Start), new ToleranceComparer(1e-6));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void A_corrupt_soundfont_is_an_error_naming_it_and_the_files_already_written_stay_valid()
    {
        using var root = new TempFolder();
        new BeatlesRender().Write(root.Path, Small);
        var broken = root.Combine("broken.sf3");
        using (var source = File.OpenRead(SoundFont.Default()))
        using (var target = File.Create(broken))
        {
            var head = new byte[200_000];
            source.ReadExactly(head);
            target.Write(head);
        }
        var e = Assert.Throws<RenderException>(() => new BeatlesRender().Write(root.Path, Small with { Tracks = 2, SoundFont = broken }));
        Assert.Contains("broken.sf3", e.Message);
        File.Delete(broken);
        Assert.Empty(new BeatlesDataset(root.Path).Validate());
        Assert.Empty(Directory.EnumerateDirectories(root.Path, ".render-staging*"));
    }

    [Fact]
    public void A_missing_fluidsynth_names_the_package_and_a_corrupt_midi_file_is_named()
    {
        using var root = new TempFolder();
        var missing = Assert.Throws<RenderException>(() => new MusdbRender().Write(root.Path, Small with { FluidSynthProgram = "fluidsynth-not-installed" }));
        Assert.Contains("Debian package fluidsynth", missing.Message);

        using var midi = new TempFolder();
        midi.Write("a.mid", "not a midi file at all");
        var corrupt = Assert.Throws<MidiFormatException>(() => new MapsRender().Write(root.Path, new RenderOptions(MidiFolder: midi.Path)));
        Assert.Contains("a.mid", corrupt.Message);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(root.Path, "*", SearchOption.AllDirectories),
            f => f.EndsWith(".wav", StringComparison.Ordinal));
    }
}
