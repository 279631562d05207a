using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// A piece of music as MIDI holds it: its tempo map, metre (beats per bar, ticks per beat), section marks, the tick where
/// the music ends and its parts. Every annotation of a rendered corpus is read from here, in seconds through the tempo map.
/// </summary>
public sealed record Piece(
    string Title, TempoMap Tempo, int BeatsPerBar, int TicksPerBeat, IReadOnlyList<SectionMark> Sections, long EndTick,
    IReadOnlyList<Part> Parts)
{
    public long TicksPerBar => (long)BeatsPerBar * TicksPerBeat;

    public double MusicEnd => Tempo.Seconds(EndTick);

    /// <summary>The pitched notes of the piece (drums left out), sorted by onset, then pitch: what MAPS's .txt lists.</summary>
    public IReadOnlyList<Note> Notes() =>
        Parts.Where(p => !p.IsDrums).SelectMany(p => p.Notes)
            .Select(n => new Note(Tempo.Seconds(n.Tick), Tempo.Seconds(n.EndTick), n.Pitch))
            .OrderBy(n => n.Onset).ThenBy(n => n.MidiPitch).ThenBy(n => n.Offset).ToArray();

    /// <summary>Every beat from tick 0 to the end of the music, positions counted from the bar lines at multiples of a bar.</summary>
    public IReadOnlyList<Beat> Beats()
    {
        var beats = new List<Beat>();
        for (long tick = 0, i = 0; tick < EndTick; tick += TicksPerBeat, i++)
            beats.Add(new Beat(Tempo.Seconds(tick), (int)(i % BeatsPerBar) + 1));
        return beats;
    }

    /// <summary>
    /// The sections from the marks (each until the next, the last until the end of the music), labelled with the codes the
    /// synthetic writers use (<see cref="SongForm.Code"/>), then silence until <paramref name="audioEnd"/> seconds.
    /// </summary>
    public StructureAnnotation Structure(double audioEnd)
    {
        var sections = new List<PlannedSection>();
        var codes = SongForm.Codes(Sections.Select(s => s.Label));
        var marks = Sections.Where(s => s.Tick < EndTick).OrderBy(s => s.Tick).ToArray();
        if (marks.Length == 0 || marks[0].Tick > 0)
            throw new InvalidOperationException($"Piece '{Title}': the first section mark must be at tick 0.");
        for (var i = 0; i < marks.Length; i++)
        {
            var end = i + 1 < marks.Length ? marks[i + 1].Tick : EndTick;
            var firstBar = (int)(marks[i].Tick / TicksPerBar);
            var bars = (int)((end - marks[i].Tick + TicksPerBar - 1) / TicksPerBar);
            sections.Add(new PlannedSection(codes[marks[i].Label], SongPlan.Round(Tempo.Seconds(marks[i].Tick)), SongPlan.Round(Tempo.Seconds(end)), firstBar, bars));
        }
        var musicEnd = SongPlan.Round(MusicEnd);
        var totalBars = (int)((EndTick + TicksPerBar - 1) / TicksPerBar);
        if (audioEnd > musicEnd) sections.Add(new PlannedSection(SongPlan.Silence, musicEnd, SongPlan.Round(audioEnd), totalBars, 0));
        var beats = Beats().Select(b => b with { Time = SongPlan.Round(b.Time) }).ToArray();
        return new StructureAnnotation(sections, beats, SongPlan.Round(Math.Max(audioEnd, musicEnd)));
    }
}
