namespace NmfGrid.Tasks.Datasets;

/// <summary>An annotation file that is missing or does not follow its format; names the file and, when known, the line.</summary>
public sealed class AnnotationFormatException : Exception
{
    public AnnotationFormatException(string path, int? line, string problem)
        : base(line is null ? $"{path}: {problem}" : $"{path}, line {line}: {problem}")
    {
        Path = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>What is wrong, without the file and line.</summary>
    public string Problem { get; }

    public string Path { get; }

    /// <summary>1-based line number, or null when the problem concerns the whole file.</summary>
    public int? Line { get; }
}
