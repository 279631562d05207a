using System.Globalization;
using System.Text;

namespace NmfGrid.Tasks.IO;

/// <summary>
/// The subset of Python literal syntax a .npy header uses (numpy writes it with repr() and reads it with
/// ast.literal_eval): dicts with string keys, strings, integers, True/False/None, tuples and lists.
/// Values come back as string, long, bool, null, <see cref="Tuple"/>, <see cref="List"/> or a dictionary.
/// </summary>
internal static class PythonLiteral
{
    public sealed record Tuple(IReadOnlyList<object?> Items);

    public sealed record List(IReadOnlyList<object?> Items);

    /// <summary>Parses one literal filling the whole text (surrounding whitespace allowed).</summary>
    /// <exception cref="FormatException">the text is not such a literal; the message says where.</exception>
    public static object? Parse(string text)
    {
        int position = 0;
        object? value = ParseValue(text, ref position);
        SkipSpace(text, ref position);
        if (position != text.Length)
            throw Error(text, position, "unexpected text after the literal");
        return value;
    }

    private static object? ParseValue(string text, ref int position)
    {
        SkipSpace(text, ref position);
        if (position >= text.Length) throw Error(text, position, "unexpected end");
        char c = text[position];
        switch (c)
        {
            case '{':
                return ParseDict(text, ref position);
            case '(':
            {
                var (items, sawComma) = ParseSequence(text, ref position, ')');
                // "(5)" is just 5 in Python; only "(5,)" is a one-element tuple.
                return items.Count == 1 && !sawComma ? items[0] : new Tuple(items);
            }
            case '[':
                return new List(ParseSequence(text, ref position, ']').Items);
            case '\'' or '"':
                return ParseString(text, ref position);
        }
        if (c == '-' || c == '+' || char.IsAsciiDigit(c)) return ParseInteger(text, ref position);
        if (char.IsAsciiLetter(c))
        {
            int start = position;
            while (position < text.Length && char.IsAsciiLetterOrDigit(text[position])) position++;
            return text[start..position] switch
            {
                "True" => true,
                "False" => false,
                "None" => null,
                var word => throw Error(text, start, $"unknown name '{word}'"),
            };
        }
        throw Error(text, position, $"unexpected character '{c}'");
    }

    private static Dictionary<string, object?> ParseDict(string text, ref int position)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        position++; // '{'
        while (true)
        {
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == '}') { position++; return dict; }
            if (ParseValue(text, ref position) is not string key)
                throw Error(text, position, "dictionary keys must be strings");
            SkipSpace(text, ref position);
            Expect(text, ref position, ':');
            dict[key] = ParseValue(text, ref position);
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == ',') { position++; continue; }
            SkipSpace(text, ref position);
            Expect(text, ref position, '}');
            return dict;
        }
    }

    private static (List<object?> Items, bool SawComma) ParseSequence(string text, ref int position, char close)
    {
        var items = new List<object?>();
        bool sawComma = false;
        position++; // '(' or '['
        while (true)
        {
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == close) { position++; return (items, sawComma); }
            items.Add(ParseValue(text, ref position));
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == ',') { position++; sawComma = true; continue; }
            Expect(text, ref position, close);
            return (items, sawComma);
        }
    }

    private static string ParseString(string text, ref int position)
    {
        char quote = text[position++];
        var sb = new StringBuilder();
        while (position < text.Length && text[position] != quote)
        {
            char c = text[position++];
            if (c == '\\' && position < text.Length) c = text[position++]; // enough for \' and \\ in field names
            sb.Append(c);
        }
        if (position >= text.Length) throw Error(text, position, "unterminated string");
        position++;
        return sb.ToString();
    }

    private static long ParseInteger(string text, ref int position)
    {
        int start = position;
        if (text[position] is '-' or '+') position++;
        while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        string digits = text[start..position];
        // Python 2 wrote long integers as "3L"; numpy still accepts such old headers.
        if (position < text.Length && text[position] is 'L' or 'l') position++;
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw Error(text, start, $"'{digits}' is not an integer that fits 64 bits");
        return value;
    }

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    private static void Expect(string text, ref int position, char c)
    {
        if (position >= text.Length || text[position] != c) throw Error(text, position, $"expected '{c}'");
        position++;
    }

    private static FormatException Error(string text, int position, string what) =>
        new($"{what} at character {position} of {text.TrimEnd()}");
}
