using System.Globalization;
using System.Text.RegularExpressions;

namespace NmfGrid.Tasks.Datasets;

/// <summary>
/// One MAPS isolated note (ISOL/NO, "normal" notes): `MAPS_ISOL_NO_&lt;P|M|F&gt;_S&lt;0|1&gt;_M&lt;midi&gt;_&lt;SET&gt;.wav`, with
/// its .txt in the MUS format (one row: the note's onset, offset and pitch). Dynamics is P (piano), M (mezzo) or
/// F (forte); Sustain is 1 when the sustain pedal is down.
/// </summary>
public sealed record MapsIsolatedNote(string AudioPath, string NotesPath, string Set, int MidiPitch, char Dynamics, int Sustain)
{
    /// <summary>The annotated note (the first row of the .txt, uncropped).</summary>
    public Note Load()
    {
        var notes = Maps.LoadNotes(NotesPath, cropSeconds: null);
        if (notes.Count == 0) throw new AnnotationFormatException(NotesPath, null, "an isolated note's file lists no note");
        return notes[0];
    }
}

/// <summary>Finds the isolated notes of MAPS sets: `root/&lt;SET&gt;/ISOL/NO/` (training material for note dictionaries).</summary>
public static partial class MapsIsolatedNotes
{
    [GeneratedRegex(@"^MAPS_ISOL_NO_([PMF])_S([01])_M(\d+)_(.+)\.wav$", RegexOptions.IgnoreCase)]
    private static partial Regex FileName();

    /// <summary>The ISOL/NO folder of a set (ENSTDkAm's two download halves included, as <see cref="Maps.MusFolders"/>).</summary>
    public static IReadOnlyList<string> Folders(string root, string set)
    {
        var folders = new List<string> { Path.Combine(root, set, "ISOL", "NO") };
        if (set == "ENSTDkAm")
        {
            folders.Add(Path.Combine(root, "ENSTDkAm1", "ENSTDkAm", "ISOL", "NO"));
            folders.Add(Path.Combine(root, "ENSTDkAm2", "ENSTDkAm", "ISOL", "NO"));
        }
        return folders.Where(Directory.Exists).ToArray();
    }

    /// <summary>Every isolated note of these sets, sorted by path; files whose name is not the ISOL/NO pattern are skipped.</summary>
    public static IReadOnlyList<MapsIsolatedNote> Find(string root, IEnumerable<string> sets)
    {
        var notes = new List<MapsIsolatedNote>();
        foreach (var set in sets)
        foreach (var folder in Folders(root, set))
        foreach (var path in Directory.EnumerateFiles(folder, "*.wav"))
        {
            var match = FileName().Match(Path.GetFileName(path));
            if (!match.Success) continue;
            notes.Add(new MapsIsolatedNote(
                path, Path.ChangeExtension(path, ".txt"), set,
                int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
                char.ToUpperInvariant(match.Groups[1].Value[0]),
                match.Groups[2].Value[0] - '0'));
        }
        return notes.OrderBy(n => n.AudioPath, StringComparer.Ordinal).ToArray();
    }
}
