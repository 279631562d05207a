using System.Text.Json;

namespace NmfGrid.Coordinator.Tests.Reports.Statistics;

/// <summary>
/// What scipy 1.10.1 (Debian python3-scipy) answered, from Fixtures/Statistics/statistics.json, which
/// Fixtures/Statistics/make_statistics_fixtures.py writes (run it with /usr/bin/python3 to regenerate).
/// </summary>
public static class ScipyFixtures
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Statistics", "statistics.json"))).RootElement);

    public static string ScipyVersion => Root.Value.GetProperty("scipy").GetString()!;

    public static JsonElement Case(string group, string name) =>
        Root.Value.GetProperty(group).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static IEnumerable<JsonElement> Group(string group) => Root.Value.GetProperty(group).EnumerateArray();

    public static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>A number, or NaN where the script wrote null for scipy's NaN (JSON has no NaN).</summary>
    public static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;

    /// <summary>Equal to within 1e-10, relative to the larger magnitude (absolute below 1); NaN equals NaN.</summary>
    public static void Close(double expected, double actual, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual:R}");
            return;
        }
        var tolerance = 1e-10 * Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
