using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// One reference case from Fixtures/constrained: the sparse and min-vol models re-stated in numpy from their
/// published update equations (make_constrained_fixtures.py there says how).
/// </summary>
internal sealed record ConstrainedFixture(JsonElement Root)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "constrained");

    public static ConstrainedFixture Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")));
        return new ConstrainedFixture(document.RootElement.Clone());
    }

    public static IEnumerable<object[]> Named(string prefix) =>
        Directory.EnumerateFiles(Folder, prefix + "*.json")
                 .Select(Path.GetFileNameWithoutExtension)
                 .Order(StringComparer.Ordinal)
                 .Select(name => new object[] { name! });

    public Matrix<double> Matrix(string key) =>
        Matrix<double>.Build.DenseOfRowArrays(
            Root.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray());

    public double Number(string key) => Root.GetProperty(key).GetDouble();

    public int Integer(string key) => Root.GetProperty(key).GetInt32();

    public int[] Indices(string key) =>
        Root.TryGetProperty(key, out var list) ? list.EnumerateArray().Select(x => x.GetInt32()).ToArray() : [];
}
