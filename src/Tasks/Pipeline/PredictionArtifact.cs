using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// The prediction stage's output (<see cref="IPredictionTask"/>) as an entry of the on-disk <see cref="FeatureCache"/>,
/// so that jobs differing only in scoring keys (<see cref="IMirTask.ScoringKeys"/>) predict a track once and score it
/// many times. The key is the factorisation's key (<see cref="FactorArtifact.Key"/>: V, the templates, the algorithm,
/// every option and the seed, by content) plus the task's name and every key of its section but the scoring ones,
/// and the build of the tasks. A prediction thus depends on exactly what its factors depend on and on the settings
/// that turn factors into predictions; naming the section's keys rather than a chosen few means a new prediction key
/// can only cost a prediction, never share one wrongly.
/// </summary>
public static class PredictionArtifact
{
    public const string Kind = "prediction";

    private const int Format = 1;

    private static readonly string Build =
        typeof(TaskPrediction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The key of <paramref name="task"/>'s prediction from the factors under <paramref name="factors"/>, with <paramref name="settings"/>.</summary>
    public static ArtifactKey Key(ArtifactKey factors, IMirTask task, ConfigSection settings)
    {
        // The keys sorted as an array of strings, not LINQ over the section's key-value pairs: generic code over a value
        // type that the JIT compiled in each worker's first task stage. A span sort by a Comparison, not Array.Sort with a
        // comparer, whose first call builds its sorter by reflection (0.3 ms of the first task stage); the same order.
        var scoring = task.ScoringKeys;
        var shaping = new List<string>(settings.Values.Count);
        foreach (var key in settings.Values.Keys)
        {
            if (!IsScoring(key)) shaping.Add(key);
        }
        var keys = shaping.ToArray();
        keys.AsSpan().Sort(string.CompareOrdinal);
        var text = new StringBuilder($"prediction.v{Format}|build[{Build}]|task[{task.Name}]|factors[{factors.Hash}]|settings[");
        for (var i = 0; i < keys.Length; i++)
        {
            text.Append(i == 0 ? "" : ";").Append(keys[i]).Append('=').Append(Text(settings.Values[keys[i]]));
        }
        text.Append(']');
        return new ArtifactKey(Kind, text.ToString());

        bool IsScoring(string key)
        {
            for (var i = 0; i < scoring.Count; i++)
            {
                if (string.Equals(scoring[i], key, StringComparison.Ordinal)) return true;
            }
            return false;
        }
    }

    /// <summary>A config value as the config engine holds it (string, long, double, bool, null, lists, maps), typed and in a fixed order.</summary>
    private static string Text(object? value) => value switch
    {
        null => "null",
        string s => $"s:{s.Length}:{s}",
        bool b => b ? "true" : "false",
        double d => "d:" + d.ToString("R", CultureInfo.InvariantCulture),
        long l => "l:" + l.ToString(CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> map =>
            "{" + string.Join(";", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Text(p.Value)}")) + "}",
        IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
