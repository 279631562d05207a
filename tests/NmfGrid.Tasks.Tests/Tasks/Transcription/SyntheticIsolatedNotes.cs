using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

/// <summary>A small MAPS ISOL/NO folder for tests: one mezzo-forte take per pitch, the same additive piano as MapsSynth's pieces.</summary>
internal static class SyntheticIsolatedNotes
{
    public const double Onset = 0.1;
    public const double Offset = 0.9;

    public static void Write(string root, int sampleRate, IEnumerable<int> pitches, string set = MapsSynth.Set)
    {
        var folder = Path.Combine(root, set, "ISOL", "NO");
        Directory.CreateDirectory(folder);
        foreach (var pitch in pitches)
        {
            var audio = new float[(int)(1.2 * sampleRate)];
            HarmonicTone.Add(audio, sampleRate, Onset, Offset, pitch, 0.4, Timbre.Piano);
            var name = $"MAPS_ISOL_NO_M_S0_M{pitch}_{set}";
            PcmWav.Write(Path.Combine(folder, name + ".wav"), sampleRate, audio, audio);
            File.WriteAllText(Path.Combine(folder, name + ".txt"), MapsSynth.NotesText([new Note(Onset, Offset, pitch)]));
        }
    }

    public static IEnumerable<int> PianoKeys => Enumerable.Range(Maps.LowestPianoKey, Maps.HighestPianoKey - Maps.LowestPianoKey + 1);
}
