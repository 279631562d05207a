using NAudio.Midi;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// A <see cref="Piece"/> as a Standard MIDI File (type 1) through NAudio.Midi: a conductor track (time signature, Set
/// Tempo events, a Marker per section, End of Track at the end of the music) and one track per part (name, program
/// change, notes). Reading takes any type 0/1 file: tempo, time signature and markers from every track, notes grouped
/// by channel and program into parts, each part assigned a stem from its channel, program and track name.
/// </summary>
public static class PieceMidi
{
    public static void Write(Piece piece, string path, IEnumerable<Part>? parts = null)
    {
        var events = new MidiEventCollection(1, piece.Tempo.TicksPerQuarter);
        var conductor = events.AddTrack();
        conductor.Add(new TextEvent(piece.Title, MetaEventType.SequenceTrackName, 0));
        var denominatorPower = (int)Math.Round(Math.Log2(4.0 * piece.Tempo.TicksPerQuarter / piece.TicksPerBeat));
        conductor.Add(new TimeSignatureEvent(0, piece.BeatsPerBar, denominatorPower, 24, 8));
        foreach (var tempo in piece.Tempo.Changes) conductor.Add(new TempoEvent(tempo.MicrosecondsPerQuarter, tempo.Tick));
        foreach (var mark in piece.Sections) conductor.Add(new TextEvent(mark.Label, MetaEventType.Marker, mark.Tick));
        conductor.Add(new MetaEvent(MetaEventType.EndTrack, 0, piece.EndTick));
        foreach (var part in parts ?? piece.Parts)
        {
            var track = events.AddTrack();
            track.Add(new TextEvent(part.Name, MetaEventType.SequenceTrackName, 0));
            track.Add(new PatchChangeEvent(0, part.Channel, part.Program));
            foreach (var note in part.Notes.OrderBy(n => n.Tick).ThenBy(n => n.Pitch))
            {
                var on = new NoteOnEvent(note.Tick, part.Channel, note.Pitch, note.Velocity, (int)note.Length);
                track.Add(on);
                track.Add(on.OffEvent);
            }
            track.Add(new MetaEvent(MetaEventType.EndTrack, 0, Math.Max(piece.EndTick, part.Notes.Select(n => n.EndTick).DefaultIfEmpty(0).Max())));
        }
        events.PrepareForExport();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        MidiFile.Export(path, events);
    }

    /// <summary>Reads a MIDI file; a damaged file, a SMPTE time base or a file without notes is a <see cref="MidiFormatException"/>.</summary>
    public static Piece Read(string path)
    {
        MidiFile file;
        try
        {
            file = new MidiFile(path, strictChecking: false);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidDataException or ArgumentException or IOException or OverflowException or IndexOutOfRangeException)
        {
            throw new MidiFormatException(path, $"not a readable Standard MIDI File ({e.Message})", e);
        }
        var ticksPerQuarter = file.DeltaTicksPerQuarterNote;
        if (ticksPerQuarter <= 0 || ticksPerQuarter >= 0x8000)
            throw new MidiFormatException(path, $"SMPTE or invalid time division ({ticksPerQuarter}); only ticks per quarter note are supported");
        var all = Enumerable.Range(0, file.Tracks).SelectMany(t => file.Events[t].Select(e => (Track: t, Event: e))).ToArray();
        var tempo = new TempoMap(ticksPerQuarter, all.Select(x => x.Event).OfType<TempoEvent>()
            .Select(e => new TempoChange(e.AbsoluteTime, e.MicrosecondsPerQuarterNote)));
        var signature = all.Select(x => x.Event).OfType<TimeSignatureEvent>().OrderBy(e => e.AbsoluteTime).FirstOrDefault();
        var beatsPerBar = signature?.Numerator ?? 4;
        var ticksPerBeat = signature is null ? ticksPerQuarter : (int)(4L * ticksPerQuarter >> signature.Denominator);
        if (beatsPerBar <= 0 || ticksPerBeat <= 0)
            throw new MidiFormatException(path, $"unusable time signature {signature}");
        var marks = all.Select(x => x.Event).OfType<TextEvent>().Where(e => e.MetaEventType == MetaEventType.Marker && e.Text.Trim().Length > 0)
            .OrderBy(e => e.AbsoluteTime).Select(e => new SectionMark(e.AbsoluteTime, e.Text.Trim())).ToArray();
        var parts = Parts(path, file, all);
        if (parts.Count == 0) throw new MidiFormatException(path, "no notes");
        var lastNote = parts.SelectMany(p => p.Notes).Max(n => n.EndTick);
        var endOfTrack = file.Events[0].OfType<MetaEvent>().Where(e => e.MetaEventType == MetaEventType.EndTrack).Select(e => e.AbsoluteTime).DefaultIfEmpty(0).Max();
        var title = file.Events[0].OfType<TextEvent>().FirstOrDefault(e => e.MetaEventType == MetaEventType.SequenceTrackName)?.Text.Trim();
        return new Piece(string.IsNullOrEmpty(title) ? System.IO.Path.GetFileNameWithoutExtension(path) : title,
            tempo, beatsPerBar, ticksPerBeat, marks, Math.Max(lastNote, endOfTrack), parts);
    }

    private static List<Part> Parts(string path, MidiFile file, (int Track, MidiEvent Event)[] all)
    {
        var trackNames = Enumerable.Range(0, file.Tracks).ToDictionary(t => t,
            t => file.Events[t].OfType<TextEvent>().FirstOrDefault(e => e.MetaEventType is MetaEventType.SequenceTrackName or MetaEventType.TrackInstrumentName)?.Text ?? "");
        // The program sounding on a channel at a note's onset: the last program change at or before it.
        var programs = all.Select(x => x.Event).OfType<PatchChangeEvent>().OrderBy(e => e.AbsoluteTime).ToArray();
        int ProgramAt(int channel, long tick) => programs.LastOrDefault(p => p.Channel == channel && p.AbsoluteTime <= tick)?.Patch ?? 0;
        var groups = new Dictionary<(int Channel, int Program), (string Name, List<PlayedNote> Notes)>();
        foreach (var (track, e) in all)
        {
            if (e is not NoteOnEvent on || on.Velocity == 0 || on.CommandCode != MidiCommandCode.NoteOn) continue;
            if (on.OffEvent is null) throw new MidiFormatException(path, $"note {on.NoteNumber} on channel {on.Channel} at tick {on.AbsoluteTime} has no note-off");
            var key = (on.Channel, on.Channel == Part.DrumChannel ? 0 : ProgramAt(on.Channel, on.AbsoluteTime));
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = (trackNames[track], []);
            group.Notes.Add(new PlayedNote(on.AbsoluteTime, Math.Max(1, on.NoteLength), on.NoteNumber, on.Velocity));
        }
        return groups.OrderBy(g => g.Key.Channel).ThenBy(g => g.Key.Program)
            .Select(g => new Part(g.Value.Name, StemOf(g.Key.Channel, g.Key.Program, g.Value.Name), g.Key.Channel, g.Key.Program,
                g.Value.Notes.OrderBy(n => n.Tick).ThenBy(n => n.Pitch).ToArray()))
            .ToList();
    }

    /// <summary>
    /// The stem of a part: channel 10 drums; GM programs 32–39 bass; voices (52–54), reeds and pipes (64–79), synth leads
    /// (80–87) or a track named vocal/voice/melody/lead are vocals; the rest other.
    /// </summary>
    public static Stem StemOf(int channel, int program, string trackName)
    {
        if (channel == Part.DrumChannel) return Stem.Drums;
        if (program is >= 32 and <= 39) return Stem.Bass;
        var name = trackName.ToLowerInvariant();
        if (program is >= 52 and <= 54 or >= 64 and <= 87 || new[] { "vocal", "voice", "melody", "lead" }.Any(name.Contains)) return Stem.Vocals;
        return Stem.Other;
    }
}
