using System.Globalization;

namespace NmfGrid.Tasks.Datasets;

/// <summary>Reading annotation text files line by line, with errors that name the file and the line.</summary>
public static class AnnotationFile
{
    /// <summary>Non-blank lines with their 1-based numbers, trailing CR/LF removed. Throws naming the path if it is missing.</summary>
    public static IReadOnlyList<(int Number, string Text)> Lines(string path)
    {
        if (!File.Exists(path))
            throw new AnnotationFormatException(path, null, "file not found");
        var lines = new List<(int, string)>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var text = raw.TrimEnd('\r', '\n');
            if (text.Trim().Length > 0) lines.Add((number, text));
        }
        return lines;
    }

    public static double Seconds(string path, int line, string field, string what)
    {
        if (!double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new AnnotationFormatException(path, line, $"{what} '{field}' is not a number");
        return value;
    }

    public static int Integer(string path, int line, string field, string what)
    {
        if (!int.TryParse(field.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new AnnotationFormatException(path, line, $"{what} '{field}' is not an integer");
        return value;
    }

    public static string[] Fields(string path, int line, string text, char separator, int atLeast)
    {
        var fields = text.Split(separator);
        if (fields.Length < atLeast)
            throw new AnnotationFormatException(path, line,
                $"expected at least {atLeast} fields separated by {Describe(separator)}, found {fields.Length}: '{text}'");
        return fields;
    }

    private static string Describe(char separator) => separator == '\t' ? "TAB" : $"'{separator}'";

    /// <summary>Runs a parser for validation: null when it succeeds, else the problem (the exception names the file).</summary>
    public static DatasetProblem? Check(string path, Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (AnnotationFormatException e)
        {
            return new DatasetProblem(e.Path, e.Line is null ? e.Problem : $"line {e.Line}: {e.Problem}");
        }
    }
}
