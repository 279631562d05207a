using System.Globalization;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// One config section (e.g. everything under `task:`), read with typed getters whose errors name the full key
/// and the value at fault. Values are what the config engine produces: string, long, double, bool, null,
/// lists and nested maps.
/// </summary>
public sealed class ConfigSection(string section, IReadOnlyDictionary<string, object?> values)
{
    public static ConfigSection Empty(string section) => new(section, new Dictionary<string, object?>());

    public string Section { get; } = section;

    public IReadOnlyDictionary<string, object?> Values { get; } = values;

    public bool Has(string key) => Values.ContainsKey(key) && Values[key] is not null;

    public string Key(string key) => Section.Length == 0 ? key : $"{Section}.{key}";

    public string GetString(string key, string fallback) =>
        Values.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, CultureInfo.InvariantCulture)! : fallback;

    public int GetInt(string key, int fallback) =>
        !Values.TryGetValue(key, out var v) || v is null ? fallback
        : v is long l && l is >= int.MinValue and <= int.MaxValue ? (int)l
        : throw Wrong(key, v, "an integer");

    public double GetDouble(string key, double fallback) =>
        !Values.TryGetValue(key, out var v) || v is null ? fallback
        : v switch { long l => l, double d => d, _ => throw Wrong(key, v, "a number") };

    public bool GetBool(string key, bool fallback) =>
        !Values.TryGetValue(key, out var v) || v is null ? fallback
        : v is bool b ? b : throw Wrong(key, v, "true or false");

    /// <summary>One of the allowed names (case-insensitive), returned in the allowed spelling.</summary>
    public string GetChoice(string key, string fallback, params string[] allowed)
    {
        var value = GetString(key, fallback);
        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
               ?? throw new ConfigKeyException(Key(key), $"'{value}' is not one of: {string.Join(", ", allowed)}");
    }

    /// <summary>A nested section, e.g. settings.Sub("onset") for `task.onset.*`.</summary>
    public ConfigSection Sub(string key) =>
        Values.TryGetValue(key, out var v) && v is IReadOnlyDictionary<string, object?> map
            ? new ConfigSection(Key(key), map)
            : v is null ? Empty(Key(key)) : throw Wrong(key, v, "a mapping");

    /// <summary>Keys present that the reader does not know: configs with typos fail before anything runs.</summary>
    public void RejectUnknown(IEnumerable<string> known)
    {
        var allowed = known.ToHashSet(StringComparer.Ordinal);
        foreach (var key in Values.Keys.Where(k => !allowed.Contains(k)))
        {
            throw new ConfigKeyException(Key(key), $"unknown setting (known: {string.Join(", ", allowed.Order())})");
        }
    }

    private ConfigKeyException Wrong(string key, object? value, string expected) =>
        new(Key(key), $"expected {expected}, got '{Convert.ToString(value, CultureInfo.InvariantCulture)}'");
}
