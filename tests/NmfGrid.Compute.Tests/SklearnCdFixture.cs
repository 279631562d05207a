using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>One scikit-learn 'cd' run from Fixtures/sklearn-nmf (V, W0, H0 → W, H after n iterations, tol = 0).</summary>
internal sealed record SklearnCdFixture(
    int Iterations, Matrix<double> V, Matrix<double> W0, Matrix<double> H0, Matrix<double> W, Matrix<double> H, double Loss)
{
    public static SklearnCdFixture Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "sklearn-nmf", name);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        return new SklearnCdFixture(
            root.GetProperty("iterations").GetInt32(),
            ReadMatrix(root.GetProperty("V")), ReadMatrix(root.GetProperty("W0")), ReadMatrix(root.GetProperty("H0")),
            ReadMatrix(root.GetProperty("W")), ReadMatrix(root.GetProperty("H")), root.GetProperty("loss").GetDouble());
    }

    private static Matrix<double> ReadMatrix(JsonElement rows) =>
        Matrix<double>.Build.DenseOfRowArrays(
            rows.EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetDouble()).ToArray()));
}
