namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>A MIDI file that cannot be read, or holds nothing to render; the message names the file.</summary>
public sealed class MidiFormatException(string path, string problem, Exception? inner = null)
    : Exception($"MIDI file '{path}': {problem}", inner)
{
    public string Path { get; } = path;
}
