using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Rendering;
using NmfGrid.Tasks.Tests.Datasets;

namespace NmfGrid.Tasks.Tests.Datasets.Rendering;

public class ComposerTests
{
    [Fact]
    public void The_same_seed_writes_the_same_midi_and_another_seed_other_midi()
    {
        using var folder = new TempFolder();
        PieceMidi.Write(Composer.Band("x", 5, 40), folder.Combine("a.mid"));
        PieceMidi.Write(Composer.Band("x", 5, 40), folder.Combine("b.mid"));
        PieceMidi.Write(Composer.Band("x", 6, 40), folder.Combine("c.mid"));
        Assert.Equal(File.ReadAllBytes(folder.Combine("a.mid")), File.ReadAllBytes(folder.Combine("b.mid")));
        Assert.NotEqual(File.ReadAllBytes(folder.Combine("a.mid")), File.ReadAllBytes(folder.Combine("c.mid")));
    }

    [Fact]
    public void A_composed_band_piece_has_a_song_form_four_stems_gm_drums_and_a_tempo_in_range()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var piece = Composer.Band("x", seed, 60);
            Assert.InRange(piece.Tempo.Changes[0].Bpm, 69.9, 160.1);
            Assert.True(piece.Sections.Count >= 3, $"seed {seed}: {piece.Sections.Count} sections");
            Assert.Contains(piece.Sections, s => s.Label.StartsWith(SongForm.Chorus, StringComparison.Ordinal));
            Assert.Equal([Stem.Drums, Stem.Bass, Stem.Other, Stem.Vocals], piece.Parts.Select(p => p.Stem));
            Assert.Equal(Part.DrumChannel, piece.Parts.Single(p => p.Stem == Stem.Drums).Channel);
            Assert.All(piece.Parts, p => Assert.NotEmpty(p.Notes));
            // Dynamics and expressive timing: velocities vary and onsets are not all on the 16th grid.
            var notes = piece.Parts.SelectMany(p => p.Notes).ToArray();
            Assert.True(notes.Select(n => n.Velocity).Distinct().Count() > 10);
            Assert.Contains(notes, n => n.Tick % (Composer.TicksPerQuarter / 4) != 0);
            Assert.All(notes, n => Assert.True(n.EndTick <= piece.EndTick));
        }
    }

    [Fact]
    public void Some_pieces_change_tempo_and_a_repeated_section_repeats_its_chords()
    {
        var pieces = Enumerable.Range(0, 20).Select(s => Composer.Band("x", s, 90)).ToArray();
        Assert.Contains(pieces, p => p.Tempo.Changes.Count > 1);
        Assert.Contains(pieces, p => p.Tempo.Changes.Count == 1);
        var piece = pieces.First(p => p.Sections.Count(s => s.Label.StartsWith(SongForm.Verse, StringComparison.Ordinal)) >= 2);
        var verses = piece.Sections.Where(s => s.Label.StartsWith(SongForm.Verse, StringComparison.Ordinal)).Take(2).ToArray();
        var chords = piece.Parts.Single(p => p.Stem == Stem.Bass);
        // The bass root of each bar of the first verse equals that of the second (the bass plays the chord roots).
        long bar = piece.TicksPerBar;
        int RootAt(long start) => chords.Notes.Where(n => n.Tick >= start - 40 && n.Tick < start + bar / 2).MinBy(n => Math.Abs(n.Tick - start))!.Pitch % 12;
        Assert.Equal(RootAt(verses[0].Tick), RootAt(verses[1].Tick));
    }

    [Fact]
    public void A_piano_piece_plays_one_program_within_the_piano_range()
    {
        var piece = Composer.Piano("p", 3, 45, program: 4);
        var part = Assert.Single(piece.Parts);
        Assert.Equal(4, part.Program);
        Assert.All(part.Notes, n => Assert.InRange(n.Pitch, Maps.LowestPianoKey, Maps.HighestPianoKey));
        // No two notes of the same pitch overlap (MIDI note-offs stay unambiguous).
        foreach (var group in part.Notes.GroupBy(n => n.Pitch))
            Assert.All(group.OrderBy(n => n.Tick).Zip(group.OrderBy(n => n.Tick).Skip(1)), p => Assert.True(p.First.EndTick < p.Second.Tick));
    }

    [Fact]
    public void The_tempo_map_converts_ticks_through_every_tempo_change()
    {
        // 120 bpm for two beats (1 s), then 60 bpm (1 s a beat), then 240 bpm.
        var map = new TempoMap(480, [TempoChange.FromBpm(0, 120), TempoChange.FromBpm(960, 60), TempoChange.FromBpm(1920, 240)]);
        Assert.Equal(0.5, map.Seconds(480), 12);
        Assert.Equal(1.0, map.Seconds(960), 12);
        Assert.Equal(2.0, map.Seconds(1440), 12);
        Assert.Equal(3.0, map.Seconds(1920), 12);
        Assert.Equal(3.25, map.Seconds(2400), 12);
        // No tempo event: MIDI's default 120 bpm.
        Assert.Equal(1.0, new TempoMap(96, []).Seconds(192), 12);
    }

    [Fact]
    public void Notes_beats_and_sections_read_back_from_the_midi_follow_its_tempo_map()
    {
        using var folder = new TempFolder();
        var piece = Enumerable.Range(0, 40).Select(s => Composer.Band("x", s, 60)).First(p => p.Tempo.Changes.Count > 2);
        var path = folder.Combine("piece.mid");
        PieceMidi.Write(piece, path);
        var read = PieceMidi.Read(path);
        Assert.Equal(piece.Tempo.Changes, read.Tempo.Changes);
        Assert.Equal(piece.Sections, read.Sections);
        Assert.Equal(piece.EndTick, read.EndTick);
        Assert.Equal(piece.Parts.Where(p => !p.IsDrums).Sum(p => p.Notes.Count), read.Notes().Count);
        // Onsets from an independent walk over the tempo map, tick by tick.
        var clock = Walk(piece.Tempo, piece.EndTick);
        var expected = piece.Parts.Where(p => !p.IsDrums).SelectMany(p => p.Notes).Select(n => clock[n.Tick]).Order().ToArray();
        var onsets = read.Notes().Select(n => n.Onset).Order().ToArray();
        Assert.All(expected.Zip(onsets), p => Assert.Equal(p.First, p.Second, 0.001));
        var beats = read.Beats();
        Assert.Equal(piece.EndTick / Composer.TicksPerQuarter, beats.Count);
        Assert.All(beats.Select((b, i) => (b, i)), x => Assert.Equal(x.i % 4 + 1, x.b.PositionInBar));
        Assert.All(beats.Select((b, i) => (b, i)), x => Assert.Equal(clock[x.i * 480L], x.b.Time, 0.001));
    }

    /// <summary>The seconds of every tick up to <paramref name="end"/>, adding each tick's duration at the tempo in force.</summary>
    private static double[] Walk(TempoMap map, long end)
    {
        var seconds = new double[end + 1];
        var tempo = 0;
        for (long t = 1; t <= end; t++)
        {
            while (tempo + 1 < map.Changes.Count && map.Changes[tempo + 1].Tick <= t - 1) tempo++;
            seconds[t] = seconds[t - 1] + map.Changes[tempo].MicrosecondsPerQuarter / 1e6 / map.TicksPerQuarter;
        }
        return seconds;
    }

    [Fact]
    public void A_damaged_midi_file_is_an_error_naming_it()
    {
        using var folder = new TempFolder();
        var path = folder.Write("broken.mid", "MThd this is not a midi file");
        var e = Assert.Throws<MidiFormatException>(() => PieceMidi.Read(path));
        Assert.Contains("broken.mid", e.Message);
    }
}
