using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// One reference run from Fixtures/: V, W0, H0 → W, H after n iterations, the final loss, and the penalty
/// (alpha_W, alpha_H, l1_ratio) when the run had one. Orientation: V is F×T, W is F×K, H is K×T.
/// </summary>
internal sealed record FactorizationFixture(
    int Iterations, Matrix<double> V, Matrix<double> W0, Matrix<double> H0, Matrix<double> W, Matrix<double> H,
    double Loss, double AlphaW, double AlphaH, double L1Ratio)
{
    /// <param name="path">relative to Fixtures/, e.g. "sklearn-nmf/cd_frobenius_seed1.json".</param>
    public static FactorizationFixture Load(string path)
    {
        var full = Path.Combine(AppContext.BaseDirectory, "Fixtures", path);
        using var json = JsonDocument.Parse(File.ReadAllText(full));
        var root = json.RootElement;
        return new FactorizationFixture(
            root.GetProperty("iterations").GetInt32(),
            ReadMatrix(root.GetProperty("V")), ReadMatrix(root.GetProperty("W0")), ReadMatrix(root.GetProperty("H0")),
            ReadMatrix(root.GetProperty("W")), ReadMatrix(root.GetProperty("H")), root.GetProperty("loss").GetDouble(),
            Optional(root, "alpha_W"), Optional(root, "alpha_H"), Optional(root, "l1_ratio"));
    }

    private static double Optional(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) ? value.GetDouble() : 0.0;

    private static Matrix<double> ReadMatrix(JsonElement rows) =>
        Matrix<double>.Build.DenseOfRowArrays(
            rows.EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetDouble()).ToArray()));
}
