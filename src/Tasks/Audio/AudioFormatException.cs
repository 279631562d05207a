namespace NmfGrid.Tasks.Audio;

/// <summary>
/// An audio file that cannot be read: corrupt, truncated, of an unsupported encoding, or needing a decoder
/// that is not installed. The message names the file and the reason.
/// </summary>
public sealed class AudioFormatException : Exception
{
    public AudioFormatException(string path, string reason, Exception? inner = null)
        : base($"Cannot read audio file '{path}': {reason}", inner)
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>Why it could not be read, without the file name.</summary>
    public string Reason { get; }
}
