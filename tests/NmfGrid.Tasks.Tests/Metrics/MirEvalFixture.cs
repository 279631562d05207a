using System.Text.Json;
using NmfGrid.Tasks.Metrics;

namespace NmfGrid.Tasks.Tests.Metrics;

/// <summary>Reads the mir_eval 0.7 reference fixtures copied under Fixtures/.</summary>
internal static class MirEvalFixture
{
    public const double Tolerance = 1e-6;

    public static JsonElement Load(string folder, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, name);
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    public static IEnumerable<object[]> Files(string folder, string prefix) =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", folder), prefix + "*.json")
            .Select(Path.GetFileName).Order().Select(f => new object[] { f! });

    public static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.Parse(e.GetString()!);

    public static double[] Vector(JsonElement e) => e.EnumerateArray().Select(Number).ToArray();

    public static double[][] Rows(JsonElement e) => e.EnumerateArray().Select(Vector).ToArray();

    public static TimeInterval[] Intervals(JsonElement e) => Rows(e).Select(r => new TimeInterval(r[0], r[1])).ToArray();

    public static Note[] Notes(JsonElement intervals, JsonElement pitches)
    {
        var t = Intervals(intervals);
        var p = Vector(pitches);
        return t.Select((x, i) => new Note(x.Start, x.End, p[i])).ToArray();
    }

    public static void Near(double expected, double actual, string what)
    {
        if (double.IsPositiveInfinity(expected) || double.IsNaN(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected:R}, got {actual:R} (|Δ| = {Math.Abs(expected - actual):E2})");
    }
}
