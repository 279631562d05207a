using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>One scikit-learn 1.2.1 reference case from Fixtures/sklearn-nmf (see its README).</summary>
public sealed record SklearnFixture(
    string Name,
    Matrix<double> V,
    Matrix<double>? W0,
    Matrix<double>? H0,
    Matrix<double> W,
    Matrix<double> H,
    double Beta,
    int Iterations,
    int Rank,
    double? Loss,
    double? Loss0,
    double AlphaW,
    double AlphaH,
    double L1Ratio)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sklearn-nmf");

    public static SklearnFixture Load(string name, string? folder = null)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder ?? Folder, name + ".json")));
        var root = document.RootElement;
        var w = MatrixOf(root.GetProperty("W"));
        return new SklearnFixture(
            name,
            MatrixOf(root.GetProperty("V")),
            root.TryGetProperty("W0", out var w0) ? MatrixOf(w0) : null,
            root.TryGetProperty("H0", out var h0) ? MatrixOf(h0) : null,
            w,
            MatrixOf(root.GetProperty("H")),
            Number(root, "beta") ?? 2.0,
            root.TryGetProperty("iterations", out var n) ? n.GetInt32() : 0,
            root.TryGetProperty("rank", out var k) ? k.GetInt32() : w.ColumnCount,
            Number(root, "loss"),
            Number(root, "loss0"),
            Number(root, "alpha_W") ?? 0,
            Number(root, "alpha_H") ?? 0,
            Number(root, "l1_ratio") ?? 0);
    }

    /// <summary>Names (without .json) of the files that start with a prefix.</summary>
    public static IEnumerable<object[]> Named(string prefix, string? folder = null) =>
        Directory.EnumerateFiles(folder ?? Folder, prefix + "*.json")
                 .Select(Path.GetFileNameWithoutExtension)
                 .Order(StringComparer.Ordinal)
                 .Select(name => new object[] { name! });

    /// <summary>max |actual − expected| / max |expected|: a relative error that ignores tiny entries' own scale.</summary>
    public static double RelativeError(Matrix<double> actual, Matrix<double> expected)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        return (actual - expected).Enumerate().Max(Math.Abs) / expected.Enumerate().Max(Math.Abs);
    }

    private static double? Number(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static Matrix<double> MatrixOf(JsonElement rows)
    {
        var data = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        return Matrix<double>.Build.DenseOfRowArrays(data);
    }
}
