using System.Globalization;
using System.Text;

namespace NmfGrid.Coordinator.Config;

/// <summary>
/// Resolves `${a.b}` (another key; a whole-string reference keeps the referenced value's type),
/// `${now:%Y-%m-%d_%H-%M-%S}` (strftime, fixed once per run), `${env:VAR}` / `${env:VAR,default}`
/// (also spelled `oc.env`). `\${` is a literal. Cycles and missing keys or variables are errors naming the key.
/// </summary>
public static class Interpolation
{
    public static void Resolve(ConfigMap root, IReadOnlyDictionary<string, SourceLocation> locations, DateTimeOffset now)
    {
        var resolver = new Resolver(root, locations, now);
        foreach (var (path, _) in root.Leaves().ToList())
        {
            resolver.ResolvePath(path);
        }
    }

    private sealed class Resolver(ConfigMap root, IReadOnlyDictionary<string, SourceLocation> locations, DateTimeOffset now)
    {
        private readonly HashSet<string> _done = new(StringComparer.Ordinal);
        private readonly Stack<string> _active = new();

        public object? ResolvePath(string path)
        {
            root.TryGet(path, out var value);
            if (_done.Contains(path))
            {
                return value;
            }
            if (_active.Contains(path))
            {
                throw Error(_active.Last(), $"interpolation cycle: {string.Join(" -> ", _active.Reverse().Append(path))}");
            }
            _active.Push(path);
            var resolved = ResolveValue(value, path);
            _active.Pop();
            root.TrySet(path, resolved);
            _done.Add(path);
            return resolved;
        }

        private object? ResolveValue(object? value, string path) => value switch
        {
            string s when s.Contains("${", StringComparison.Ordinal) => ResolveString(s, path),
            List<object?> list => list.Select((item, i) => ResolveValue(item, $"{path}[{i}]")).ToList(),
            ConfigMap map => ResolveMap(map, path),
            _ => value,
        };

        private ConfigMap ResolveMap(ConfigMap map, string path)
        {
            foreach (var key in map.Keys.ToList())
            {
                ResolvePath(path + "." + key);
            }
            return map;
        }

        private object? ResolveString(string text, string path)
        {
            var parts = new List<object?>();
            var literal = new StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\\' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
                {
                    literal.Append("${");
                    i += 2;
                    continue;
                }
                if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
                {
                    var end = FindClose(text, i + 2);
                    if (end < 0)
                    {
                        throw Error(path, $"unterminated interpolation in '{text}'");
                    }
                    if (literal.Length > 0)
                    {
                        parts.Add(literal.ToString());
                        literal.Clear();
                    }
                    parts.Add(Evaluate(text[(i + 2)..end], path));
                    i = end;
                    continue;
                }
                literal.Append(text[i]);
            }
            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
            }
            return parts.Count == 1 ? parts[0] : string.Concat(parts.Select(p => p is string s ? s : ScalarText.Format(p)));
        }

        private static int FindClose(string text, int from)
        {
            var depth = 1;
            for (var j = from; j < text.Length; j++)
            {
                if (text[j] == '{')
                {
                    depth++;
                }
                else if (text[j] == '}' && --depth == 0)
                {
                    return j;
                }
            }
            return -1;
        }

        private object? Evaluate(string expression, string path)
        {
            var colon = expression.IndexOf(':');
            if (colon < 0)
            {
                var target = expression.Trim();
                if (!root.TryGet(target, out _))
                {
                    throw Error(path, $"'${{{expression}}}' refers to a key that does not exist");
                }
                return ConfigMap.CloneValue(ResolvePath(target));
            }
            var resolver = expression[..colon].Trim();
            var argument = expression[(colon + 1)..];
            switch (resolver)
            {
                case "now":
                    return Strftime(argument, now);
                case "env" or "oc.env":
                    var comma = argument.IndexOf(',');
                    var name = (comma < 0 ? argument : argument[..comma]).Trim();
                    var env = Environment.GetEnvironmentVariable(name);
                    if (env is not null)
                    {
                        return ScalarText.Parse(env) is string ? env : ScalarText.Parse(env);
                    }
                    if (comma < 0)
                    {
                        throw Error(path, $"environment variable '{name}' is not set (give a default: ${{env:{name},value}})");
                    }
                    return OverrideParser.ParseValue(argument[(comma + 1)..], locations.GetValueOrDefault(path) ?? new SourceLocation(path));
                default:
                    throw Error(path, $"unknown resolver '{resolver}' in '${{{expression}}}' (known: now, env)");
            }
        }

        private ConfigException Error(string path, string message) =>
            new(locations.GetValueOrDefault(path), $"{message} (at key '{path}')");
    }

    /// <summary>The strftime subset Hydra configs use in run directories.</summary>
    public static string Strftime(string format, DateTimeOffset t)
    {
        var s = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                s.Append(format[i]);
                continue;
            }
            var c = format[++i];
            s.Append(c switch
            {
                'Y' => t.Year.ToString("D4", CultureInfo.InvariantCulture),
                'y' => (t.Year % 100).ToString("D2", CultureInfo.InvariantCulture),
                'm' => t.Month.ToString("D2", CultureInfo.InvariantCulture),
                'd' => t.Day.ToString("D2", CultureInfo.InvariantCulture),
                'H' => t.Hour.ToString("D2", CultureInfo.InvariantCulture),
                'M' => t.Minute.ToString("D2", CultureInfo.InvariantCulture),
                'S' => t.Second.ToString("D2", CultureInfo.InvariantCulture),
                'f' => (t.Ticks % TimeSpan.TicksPerSecond / 10).ToString("D6", CultureInfo.InvariantCulture),
                'j' => t.DayOfYear.ToString("D3", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => "%" + c,
            });
        }
        return s.ToString();
    }
}
