namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>One configuration's value of one metric on each track it succeeded on (finite values only).</summary>
public sealed record ConfigurationScores(int Point, string Label, IReadOnlyDictionary<string, double> Scores)
{
    public double Mean => Scores.Count == 0 ? double.NaN : Scores.Values.Average();

    /// <summary>Per configuration (sweep order) of <paramref name="rows"/>, the metric's value per track from the succeeded jobs.</summary>
    public static IReadOnlyList<ConfigurationScores> From(IEnumerable<ResultRow> rows, string metric) =>
        rows.GroupBy(r => (r.Point, r.Configuration))
            .OrderBy(g => g.Key.Point)
            .Select(g => new ConfigurationScores(g.Key.Point, g.Key.Configuration,
                g.Where(r => r.Status == "succeeded" && r.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v))
                 .GroupBy(r => r.Track, StringComparer.Ordinal)
                 .ToDictionary(t => t.Key, t => t.First().Metrics[metric], StringComparer.Ordinal)))
            .ToArray();
}
