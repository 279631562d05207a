namespace NmfGrid.Tasks.IO;

/// <summary>A .npy file that cannot be read: the message names the file and what is wrong with it.</summary>
public sealed class NpyFormatException : FormatException
{
    public NpyFormatException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The path (or stream name) that was being read.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
