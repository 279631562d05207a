namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>SoundFont files: the default General MIDI one on Debian, and a header check (RIFF … sfbk) before FluidSynth runs.</summary>
public static class SoundFont
{
    /// <summary>MuseScore General Lite (Debian musescore-general-soundfont-small) first, then the system's default GM font.</summary>
    public static readonly IReadOnlyList<string> Candidates =
    [
        "/usr/share/sounds/sf3/MuseScore_General_Lite.sf3",
        "/usr/share/sounds/sf3/default-GM.sf3",
        "/usr/share/sounds/sf2/default-GM.sf2",
        "/usr/share/sounds/sf3/MuseScore_General.sf3",
        "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    ];

    public static string Default() =>
        Candidates.FirstOrDefault(File.Exists)
        ?? throw new RenderException($"No SoundFont given and none found at {string.Join(", ", Candidates)}: install the Debian package "
            + "musescore-general-soundfont-small (apt-get install --no-install-recommends musescore-general-soundfont-small) or pass --soundfont FILE.");

    /// <summary>Throws a <see cref="RenderException"/> naming the file unless it exists and starts like a SoundFont 2/3 (RIFF, size, 'sfbk').</summary>
    public static void Check(string path)
    {
        if (!File.Exists(path)) throw new RenderException($"SoundFont '{path}' does not exist.");
        var header = new byte[12];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12 || header[0] != 'R' || header[1] != 'I' || header[2] != 'F' || header[3] != 'F'
                || header[8] != 's' || header[9] != 'f' || header[10] != 'b' || header[11] != 'k')
                throw new RenderException($"SoundFont '{path}' is not a SoundFont 2/3 file (no RIFF 'sfbk' header).");
            var declared = BitConverter.ToUInt32(header, 4) + 8L;
            if (declared > stream.Length)
                throw new RenderException($"SoundFont '{path}' is corrupt or truncated: its header declares {declared} bytes, the file has {stream.Length}.");
        }
    }
}
