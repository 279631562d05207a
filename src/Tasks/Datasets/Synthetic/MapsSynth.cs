using System.Globalization;
using System.Text;

namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>A planted MAPS-like piece: its track id, notes (sorted by onset, then pitch) and length in seconds.</summary>
public sealed record MapsPiece(string Id, IReadOnlyList<Note> Notes, double Duration);

/// <summary>
/// MAPS-like pieces: `AkPnBcht/MUS/MAPS_MUS-synthNN_AkPnBcht.{wav,txt}`, 44.1 kHz stereo 16-bit (notes panned apart with SynthesisOptions.Panned), additive piano tones
/// (inharmonic partials, exponential decay) with the .txt listing exactly the notes played. No .mid is written.
/// </summary>
public sealed class MapsSynth : ISyntheticCorpus
{
    public const string Set = "AkPnBcht";
    public const double DefaultDuration = 15;
    public const int DefaultSampleRate = 44100;

    public string Kind => "maps";
    public string Dataset => "maps";

    public static IReadOnlyList<MapsPiece> Plan(SynthesisOptions options)
    {
        options.Check();
        var duration = options.Duration ?? DefaultDuration;
        return Enumerable.Range(0, options.Tracks).Select(i => Piece(i, duration, options.TrackRandom(i, 1))).ToArray();
    }

    private static MapsPiece Piece(int index, double duration, Random random)
    {
        var notes = new List<Note>();
        // Onsets and offsets on a 10 ms grid, so the 6-decimal text is exact.
        var t = 0.2 + 0.01 * random.Next(0, 20);
        var lastOffset = duration - 0.3;
        while (t < lastOffset - 0.15)
        {
            var voices = random.NextDouble() < 0.3 ? random.Next(2, 4) : 1;
            var used = new HashSet<int>();
            for (var v = 0; v < voices; v++)
            {
                var pitch = random.NextDouble() < 0.1 ? random.Next(Maps.LowestPianoKey, Maps.HighestPianoKey + 1) : random.Next(40, 89);
                if (!used.Add(pitch)) continue;
                var offset = Math.Min(lastOffset, t + 0.01 * random.Next(15, 120));
                notes.Add(new Note(Math.Round(t, 2), Math.Round(offset, 2), pitch));
            }
            t += 0.01 * random.Next(12, 60);
        }
        var sorted = notes.OrderBy(n => n.Onset).ThenBy(n => n.MidiPitch).ToArray();
        return new MapsPiece($"MAPS_MUS-synth{index + 1:D2}_{Set}", sorted, duration);
    }

    public void Write(string root, SynthesisOptions options)
    {
        var sampleRate = options.SampleRate ?? DefaultSampleRate;
        var folder = Path.Combine(root, Set, "MUS");
        Directory.CreateDirectory(folder);
        foreach (var (piece, i) in Plan(options).Select((p, i) => (p, i)))
        {
            var random = options.TrackRandom(i, 2);
            var audio = new float[(int)Math.Round(piece.Duration * sampleRate)];
            if (options.Panned)
            {
                WritePanned(Path.Combine(folder, piece.Id + ".wav"), piece, sampleRate, random, options.TrackRandom(i, 3));
            }
            else
            {
                foreach (var note in piece.Notes)
                    HarmonicTone.Add(audio, sampleRate, note.Onset, note.Offset, note.MidiPitch, 0.2 + 0.3 * random.NextDouble(), Timbre.Piano);
                PcmWav.Normalise(audio, 0.8, audio);
                var right = audio.Select(x => 0.95f * x).ToArray();
                PcmWav.Write(Path.Combine(folder, piece.Id + ".wav"), sampleRate, audio, right);
            }
            File.WriteAllText(Path.Combine(folder, piece.Id + ".txt"), NotesText(piece.Notes));
        }
    }

    /// <summary>
    /// Each note at pan p ~ U[0, 1] (its own seeded stream, so the notes and loudnesses match the unpanned piece), with
    /// constant-power gains left = cos(p·π/2), right = sin(p·π/2); both channels scaled together to a 0.8 peak.
    /// </summary>
    private static void WritePanned(string path, MapsPiece piece, int sampleRate, Random loudness, Random pan)
    {
        var left = new float[(int)Math.Round(piece.Duration * sampleRate)];
        var right = new float[left.Length];
        foreach (var note in piece.Notes)
        {
            var amplitude = 0.2 + 0.3 * loudness.NextDouble();
            var angle = pan.NextDouble() * Math.PI / 2;
            HarmonicTone.Add(left, sampleRate, note.Onset, note.Offset, note.MidiPitch, amplitude * Math.Cos(angle), Timbre.Piano);
            HarmonicTone.Add(right, sampleRate, note.Onset, note.Offset, note.MidiPitch, amplitude * Math.Sin(angle), Timbre.Piano);
        }
        var louder = left.Max(MathF.Abs) >= right.Max(MathF.Abs) ? left : right;
        PcmWav.Normalise(louder, 0.8, left, right);
        PcmWav.Write(path, sampleRate, left, right);
    }

    /// <summary>The MAPS .txt format: header, then `onset TAB offset TAB pitch` with six decimals.</summary>
    public static string NotesText(IEnumerable<Note> notes)
    {
        var text = new StringBuilder("OnsetTime\tOffsetTime\tMidiPitch\n");
        foreach (var n in notes)
            text.Append(CultureInfo.InvariantCulture, $"{n.Onset:F6}\t{n.Offset:F6}\t{n.MidiPitch}\n");
        return text.ToString();
    }
}
