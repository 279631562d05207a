using System.Text;

namespace NmfGrid.Coordinator.Tests.Deploy;

/// <summary>Splits a shell command line into words the way sh does for the simple cases deploy files use: blanks
/// separate, single and double quotes group (and are removed), a backslash escapes the next character.</summary>
internal static class ShellWords
{
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else if (c == '\\' && quote == '"' && i + 1 < line.Length) word.Append(line[++i]);
                else word.Append(c);
            }
            else if (c is '"' or '\'') { quote = c; inWord = true; }
            else if (c == '\\' && i + 1 < line.Length) { word.Append(line[++i]); inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else { word.Append(c); inWord = true; }
        }
        if (quote is not null) throw new FormatException($"Unclosed {quote} quote in: {line}");
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
