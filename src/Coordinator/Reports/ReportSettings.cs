using System.Globalization;
using System.Text.Json;
using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Reports;

/// <summary>
/// The `report:` section: how a sweep's report is written, not what runs (like `run:`, it is no part of a job's id
/// or seed). `report.baseline` names the configuration every other one is compared against in summary.md: its point
/// index (0, 1, …), its label as the results show it ("algorithm=hals,algorithm.rank=20"), or some of the label's
/// key=value parts that pick out exactly one configuration ("algorithm=hals"). Without it, the best by mean.
/// </summary>
public sealed record ReportSettings(object? Baseline)
{
    private static readonly string[] Known = ["baseline"];

    public static ReportSettings None { get; } = new((object?)null);

    public static ReportSettings From(ConfigSection report)
    {
        report.RejectUnknown(Known);
        return new ReportSettings(report.Values.GetValueOrDefault("baseline"));
    }

    /// <summary>The `report:` section of a resolved config tree (empty when there is none).</summary>
    public static ReportSettings FromTree(IReadOnlyDictionary<string, object?> root) =>
        !root.TryGetValue("report", out var section) || section is null ? None
        : section is IReadOnlyDictionary<string, object?> map ? From(new ConfigSection("report", map))
        : throw new ConfigKeyException("report", $"expected a mapping, got '{Convert.ToString(section, CultureInfo.InvariantCulture)}'");

    /// <summary>The section as the sweep's points carry it (every point has the whole resolved config; the first job's is read).</summary>
    public static ReportSettings Of(SweepDefinition sweep)
    {
        if (sweep.Jobs.Count == 0)
        {
            return None;
        }
        using var document = JsonDocument.Parse(sweep.FirstConfigJson());
        if (!document.RootElement.TryGetProperty("report", out var section) || section.ValueKind != JsonValueKind.Object)
        {
            return None;
        }
        return From(new ConfigSection("report", section.EnumerateObject().ToDictionary(p => p.Name, p => Scalar(p.Value))));
    }

    private static object? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => e.GetRawText(),
    };

    /// <summary>
    /// The point index the baseline names among <paramref name="configurations"/> (point index and label), null when
    /// none is named; a value that names none or several of them is a <see cref="ConfigKeyException"/> on report.baseline.
    /// </summary>
    public int? BaselinePoint(IReadOnlyCollection<(int Point, string Label)> configurations)
    {
        const string key = "report.baseline";
        switch (Baseline)
        {
            case null:
                return null;
            case long index:
                return configurations.Any(c => c.Point == index)
                    ? (int)index
                    : throw new ConfigKeyException(key, $"no configuration has point index {index} (the sweep's are {string.Join(", ", configurations.Select(c => c.Point))})");
            case string text:
                var exact = configurations.Where(c => c.Label == text).ToArray();
                if (exact.Length == 1)
                {
                    return exact[0].Point;
                }
                var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var matches = configurations.Where(c => parts.All(c.Label.Split(',', StringSplitOptions.TrimEntries).Contains)).ToArray();
                return matches.Length switch
                {
                    1 => matches[0].Point,
                    0 => throw new ConfigKeyException(key, $"'{text}' names no configuration of the sweep (they are: {Listing(configurations)})"),
                    _ => throw new ConfigKeyException(key, $"'{text}' matches {matches.Length} configurations ({Listing(matches)}); name one"),
                };
            default:
                throw new ConfigKeyException(key, $"expected a point index or a configuration label, got '{Convert.ToString(Baseline, CultureInfo.InvariantCulture)}'");
        }
    }

    private static string Listing(IEnumerable<(int Point, string Label)> configurations) =>
        string.Join("; ", configurations.Select(c => $"{c.Point}: {c.Label}"));
}
