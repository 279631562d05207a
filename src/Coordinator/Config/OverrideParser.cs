using System.Text;
using System.Text.RegularExpressions;

namespace NmfGrid.Coordinator.Config;

/// <summary>
/// The Hydra override grammar NmfGrid accepts:
/// `a.b=v`, `+a.b=v`, `++a.b=v`, `~a.b`, `~a.b=v`; group choice `algorithm=hals`; values are quoted strings,
/// numbers, bools, null, `[lists]`, `{maps}` and `${interpolations}`; sweeps `a=1,2,3`, `choice(…)`,
/// `range(start,stop[,step])`; and paired sweeps `zip(a,b)=(1,x),(2,y)`, which vary keys together instead
/// of taking the Cartesian product.
/// </summary>
public static partial class OverrideParser
{
    public static Override Parse(string text)
    {
        var where = SourceLocation.FromOverride(text);
        var (kind, rest) = text switch
        {
            _ when text.StartsWith("++", StringComparison.Ordinal) => (OverrideKind.ForceAdd, text[2..]),
            _ when text.StartsWith('+') => (OverrideKind.Add, text[1..]),
            _ when text.StartsWith('~') => (OverrideKind.Delete, text[1..]),
            _ => (OverrideKind.Set, text),
        };
        var eq = rest.IndexOf('=');
        var keyText = eq < 0 ? rest : rest[..eq];
        if (eq < 0 && kind != OverrideKind.Delete)
        {
            throw new ConfigException(where, "expected key=value");
        }
        var keys = ParseKeys(keyText, where);
        if (eq < 0)
        {
            return new Override(kind, keys, [], false, text);
        }
        var valueText = rest[(eq + 1)..];
        var (choices, isSweep) = ParseChoices(valueText, keys.Count, where);
        if (isSweep && kind == OverrideKind.Delete)
        {
            throw new ConfigException(where, "a delete override cannot sweep");
        }
        return new Override(kind, keys, choices, isSweep, text);
    }

    private static IReadOnlyList<string> ParseKeys(string keyText, SourceLocation where)
    {
        var zip = ZipKey().Match(keyText);
        var keys = zip.Success
            ? zip.Groups[1].Value.Split(',').Select(k => k.Trim()).ToArray()
            : [keyText.Trim()];
        foreach (var key in keys)
        {
            if (!KeyPattern().IsMatch(key))
            {
                throw new ConfigException(where, $"'{key}' is not a valid key (letters, digits, '_', '-', '/', '@' and dots)");
            }
        }
        if (keys.Distinct().Count() != keys.Length)
        {
            throw new ConfigException(where, "zip() names a key twice");
        }
        return keys;
    }

    private static (IReadOnlyList<IReadOnlyList<object?>> Choices, bool IsSweep) ParseChoices(string text, int arity, SourceLocation where)
    {
        var trimmed = text.Trim();
        if (arity > 1)
        {
            var tuples = SplitTopLevel(trimmed, ',', where).Select(item =>
            {
                var t = item.Trim();
                if (!(t.StartsWith('(') && t.EndsWith(')')))
                {
                    throw new ConfigException(where, $"zip() needs parenthesised tuples like (1,x),(2,y); got '{t}'");
                }
                var parts = SplitTopLevel(t[1..^1], ',', where).Select(p => ParseValue(p, where)).ToArray();
                if (parts.Length != arity)
                {
                    throw new ConfigException(where, $"tuple '{t}' has {parts.Length} values for {arity} keys");
                }
                return (IReadOnlyList<object?>)parts;
            }).ToArray();
            return (tuples, true);
        }
        var function = FunctionCall().Match(trimmed);
        if (function.Success && function.Groups[1].Value is "choice" or "range")
        {
            var args = SplitTopLevel(function.Groups[2].Value, ',', where);
            var values = function.Groups[1].Value == "choice"
                ? args.Select(a => ParseValue(a, where)).ToList()
                : Range(args.Select(a => ParseValue(a, where)).ToArray(), where);
            if (values.Count == 0)
            {
                throw new ConfigException(where, "the sweep has no values");
            }
            return (values.Select(v => (IReadOnlyList<object?>)[v]).ToArray(), true);
        }
        var items = SplitTopLevel(trimmed, ',', where);
        return (items.Select(i => (IReadOnlyList<object?>)[ParseValue(i, where)]).ToArray(), items.Count > 1);
    }

    private static List<object?> Range(object?[] args, SourceLocation where)
    {
        if (args.Length is < 1 or > 3 || args.Any(a => a is not (long or double)))
        {
            throw new ConfigException(where, "range() takes 1 to 3 numbers: range(stop), range(start,stop) or range(start,stop,step)");
        }
        var numbers = args.Select(Convert.ToDouble).ToArray();
        var (start, stop, step) = numbers.Length switch
        {
            1 => (0.0, numbers[0], 1.0),
            2 => (numbers[0], numbers[1], 1.0),
            _ => (numbers[0], numbers[1], numbers[2]),
        };
        if (step == 0)
        {
            throw new ConfigException(where, "range() step must not be 0");
        }
        var integral = args.All(a => a is long);
        var values = new List<object?>();
        for (var i = 0; ; i++)
        {
            var x = start + i * step;
            if (step > 0 ? x >= stop : x <= stop)
            {
                break;
            }
            values.Add(integral ? (object)(long)x : Math.Round(x, 12));
        }
        return values;
    }

    /// <summary>One value: 'quoted', "quoted", [list], {map}, or a plain scalar typed as YAML would.</summary>
    public static object? ParseValue(string text, SourceLocation where)
    {
        var t = text.Trim();
        if (t.Length >= 2 && (t[0] == '\'' || t[0] == '"') && t[^1] == t[0])
        {
            return Unescape(t[1..^1]);
        }
        if (t.StartsWith('[') && t.EndsWith(']'))
        {
            return t.Length == 2 ? new List<object?>() : SplitTopLevel(t[1..^1], ',', where).Select(i => ParseValue(i, where)).ToList();
        }
        if (t.StartsWith('{') && t.EndsWith('}') && !t.StartsWith("${", StringComparison.Ordinal))
        {
            var map = new ConfigMap();
            if (t.Length > 2)
            {
                foreach (var entry in SplitTopLevel(t[1..^1], ',', where))
                {
                    var colon = entry.IndexOf(':');
                    if (colon <= 0)
                    {
                        throw new ConfigException(where, $"map entry '{entry.Trim()}' needs key:value");
                    }
                    map[entry[..colon].Trim()] = ParseValue(entry[(colon + 1)..], where);
                }
            }
            return map;
        }
        var scalar = ScalarText.Parse(Unescape(t));
        return scalar;
    }

    private static string Unescape(string s) => s.Replace("\\,", ",").Replace("\\=", "=").Replace("\\ ", " ");

    /// <summary>Splits at separators that are outside quotes, brackets, parentheses and ${…}; '\' escapes.</summary>
    internal static List<string> SplitTopLevel(string text, char separator, SourceLocation where)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
                continue;
            }
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                current.Append(c);
                continue;
            }
            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '[' or '(' or '{':
                    depth++;
                    break;
                case ']' or ')' or '}':
                    depth--;
                    if (depth < 0)
                    {
                        throw new ConfigException(where, $"unbalanced '{c}'");
                    }
                    break;
            }
            if (c == separator && depth == 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        if (quote != '\0')
        {
            throw new ConfigException(where, "unterminated quote");
        }
        if (depth != 0)
        {
            throw new ConfigException(where, "unbalanced brackets");
        }
        parts.Add(current.ToString());
        return parts;
    }

    [GeneratedRegex(@"^zip\(([^()]*)\)$")]
    private static partial Regex ZipKey();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-/@]*(\.[A-Za-z0-9_\-/@]+)*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^([a-z]+)\((.*)\)$", RegexOptions.Singleline)]
    private static partial Regex FunctionCall();
}
