using System.Text.Json.Nodes;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// Where a separation job's estimated stems are, when its sweep kept them: the task writes each track's stems as WAV files
/// into <c>task.write_audio_to</c>/&lt;track&gt; (SeparationTask.WriteStems), on the machine that ran the job. The results
/// explorer can play them when that folder is readable where it serves (one machine, or a shared folder). A relative
/// folder is taken from the serving process's working directory, as the worker took it from its own.
/// </summary>
public sealed record StemFolder(string Path)
{
    /// <summary>
    /// The job's folder, or null when its configuration wrote no stems. task.write_audio_to is a scoring key that may not
    /// vary, so it is read from the configuration's resolved config, and from the row's settings when the config is absent.
    /// </summary>
    public static StemFolder? Of(string? resolvedConfig, IReadOnlyDictionary<string, string> settings, string track)
    {
        var folder = WriteAudioTo(resolvedConfig) ?? settings.GetValueOrDefault("task.write_audio_to");
        if (string.IsNullOrEmpty(folder))
        {
            return null;
        }
        // The track's folder name as the task makes it: the id without characters a file name cannot hold.
        var trackFolder = string.Concat(track.Split(System.IO.Path.GetInvalidFileNameChars()));
        return new StemFolder(System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, trackFolder)));
    }

    /// <summary>The WAV files in the folder, by name (none when it does not exist here).</summary>
    public IReadOnlyList<string> Stems() => Directory.Exists(Path)
        ? Directory.EnumerateFiles(Path, "*.wav").Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray()
        : [];

    /// <summary>
    /// The full path of stem <paramref name="name"/>, or null unless it is a WAV file directly inside this folder: a name
    /// that climbs out ("../"), names a subfolder or an absolute path resolves elsewhere and is refused.
    /// </summary>
    public string? File(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, name));
        var inside = string.Equals(System.IO.Path.GetDirectoryName(full), Path, StringComparison.Ordinal);
        return inside && full.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) && System.IO.File.Exists(full) ? full : null;
    }

    private static string? WriteAudioTo(string? resolvedConfig)
    {
        if (resolvedConfig is null)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(resolvedConfig)?["task"]?["write_audio_to"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null; // not a config this reader understands: no stems rather than a failed page
        }
    }
}
