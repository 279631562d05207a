using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Compute.Tensors;

/// <summary>Every check on a tensor request, before any numerics; messages name the tensor, factor or core at fault.</summary>
public static class TensorValidation
{
    /// <summary>X must be non-empty, finite and ≥ 0, with no zeros when β ≤ 0.</summary>
    public static void CheckData(Tensor3 x, NmfOptions options, string name = "X")
    {
        if (x.Size == 0) throw new ArgumentException($"Tensor {name} is empty ({x.Describe()}).");
        for (var n = 0; n < x.Size; n++)
        {
            var value = x.Data[n];
            if (value >= 0 && double.IsFinite(value))
            {
                if (value == 0 && options.Beta <= 0)
                    throw new ArgumentException(
                        $"Tensor {name} ({x.Describe()}) has a zero at {Index(x, n)} and beta = {options.Beta} ≤ 0: the β-divergence is infinite there. " +
                        "Add a small constant or use beta > 0.");
                continue;
            }
            var what = double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? "infinite" : "negative";
            throw new ArgumentException($"Tensor {name} ({x.Describe()}) must be finite and nonnegative, but {name}{Index(x, n)} = {value} is {what}.");
        }
    }

    /// <summary>Factors I_n × R_n, a core R0×R1×R2 exactly when the model has one, all finite and ≥ 0.</summary>
    public static void CheckStart(Tensor3 x, TensorStart start, IReadOnlyList<int> ranks, bool hasCore)
    {
        if (start.Factors.Count != 3) throw new ArgumentException($"A 3-way model needs 3 factors, got {start.Factors.Count}.");
        for (var n = 0; n < 3; n++)
        {
            var expectedColumns = hasCore ? ranks[n] : ranks[0];
            NmfInputValidation.CheckShape(start.Factors[n], $"A{n}", x.Shape[n], expectedColumns);
            NmfInputValidation.CheckEntries(start.Factors[n], $"A{n}");
        }
        if (!hasCore) return;
        var core = start.Core ?? throw new ArgumentException("A Tucker model needs a core tensor to start from.");
        if (core.Shape[0] != ranks[0] || core.Shape[1] != ranks[1] || core.Shape[2] != ranks[2])
            throw new ArgumentException($"The core is {core.Describe()} but the ranks are {ranks[0]}×{ranks[1]}×{ranks[2]}.");
        CheckData(core, new NmfOptions { Rank = 1 }, "core");
    }

    private static string Index(Tensor3 x, int n)
    {
        var i = n % x.Shape[0];
        var j = n / x.Shape[0] % x.Shape[1];
        var k = n / (x.Shape[0] * x.Shape[1]);
        return $"[{i}, {j}, {k}]";
    }
}
