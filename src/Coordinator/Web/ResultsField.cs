namespace NmfGrid.Coordinator.Web;

/// <summary>
/// A column of the results table a page can sort and filter by: one of the table's own columns (<c>track</c>,
/// <c>status</c>, <c>total_s</c>, …), a config key in <c>settings</c> (<c>settings.algorithm.rank</c>) or a metric in
/// <c>metrics</c> (<c>metrics.si_sdr.mean</c>).
/// </summary>
public sealed record ResultsField(string Name, ResultsFieldKind Kind, string Key)
{
    private static readonly IReadOnlyDictionary<string, bool> Columns = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        // name → numeric
        ["job_id"] = false, ["point"] = true, ["configuration"] = false, ["task"] = false, ["track"] = false, ["status"] = false,
        ["attempt"] = true, ["iterations"] = true, ["final_loss"] = true, ["backend"] = false, ["blas_threads"] = true, ["error"] = false,
        ["features_s"] = true, ["nmf_s"] = true, ["task_s"] = true, ["total_s"] = true, ["host"] = false, ["worker"] = false,
    };

    public const string SettingsPrefix = "settings.";

    public const string MetricsPrefix = "metrics.";

    public bool Numeric => Kind == ResultsFieldKind.Metric || (Kind == ResultsFieldKind.Column && Columns[Key]);

    public static ResultsField Parse(string name)
    {
        if (Columns.ContainsKey(name))
        {
            return new ResultsField(name, ResultsFieldKind.Column, name);
        }
        var (kind, key) = name.StartsWith(SettingsPrefix, StringComparison.Ordinal) ? (ResultsFieldKind.Setting, name[SettingsPrefix.Length..])
            : name.StartsWith(MetricsPrefix, StringComparison.Ordinal) ? (ResultsFieldKind.Metric, name[MetricsPrefix.Length..])
            : throw new ResultsQueryException($"unknown field '{name}': a column ({string.Join(", ", Columns.Keys)}), settings.KEY or metrics.NAME");
        if (key.Length == 0 || key.Any(c => c == '"' || c == '\\' || char.IsControl(c)))
        {
            throw new ResultsQueryException($"field '{name}': a key needs at least one character and no quote, backslash or control character");
        }
        return new ResultsField(name, kind, key);
    }

    /// <summary>The field as an SQL expression (a JSON key is bound as a parameter).</summary>
    public string Sql(SqlDialect dialect, SqlParameters parameters) => Kind switch
    {
        ResultsFieldKind.Column => Key,
        ResultsFieldKind.Metric => dialect.Number("metrics", parameters.Add(dialect.KeyArgument(Key))),
        _ => dialect.Text("settings", parameters.Add(dialect.KeyArgument(Key))),
    };
}

public enum ResultsFieldKind
{
    Column,
    Setting,
    Metric,
}
