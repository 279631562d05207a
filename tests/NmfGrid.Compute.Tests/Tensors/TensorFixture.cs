using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Tests.Tensors;

/// <summary>Fixtures/tensor/tensor-one-iteration.json, written by its generate.py (numpy einsum, independent of this code).</summary>
internal sealed class TensorFixture
{
    private readonly JsonElement _root;

    private TensorFixture(JsonElement root) => _root = root;

    public static TensorFixture Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tensor", "tensor-one-iteration.json");
        return new TensorFixture(JsonDocument.Parse(File.ReadAllText(path)).RootElement);
    }

    public Tensor3 X => TensorOf(_root.GetProperty("x"));

    public IReadOnlyList<Matrix<double>> CpStart => _root.GetProperty("cp_start").EnumerateArray().Select(MatrixOf).ToArray();

    public IReadOnlyList<Matrix<double>> TuckerStart => _root.GetProperty("tucker_start").EnumerateArray().Select(MatrixOf).ToArray();

    public Tensor3 CoreStart => TensorOf(_root.GetProperty("core_start"));

    public JsonElement Case(string name, double beta) =>
        _root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name && c.GetProperty("beta").GetDouble() == beta);

    public static Matrix<double> MatrixOf(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        return Matrix<double>.Build.Dense(shape[0], shape[1], e.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }

    public static Tensor3 TensorOf(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        return new Tensor3(shape[0], shape[1], shape[2], e.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }
}
