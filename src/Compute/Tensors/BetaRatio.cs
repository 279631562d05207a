namespace NmfGrid.Compute.Tensors;

/// <summary>
/// The two tensors of a β-divergence multiplicative step (Févotte &amp; Idier 2011): Y = Λ^(β−2)·X and Z = Λ^(β−1),
/// with the model Λ clamped below at <see cref="TensorAlgorithm.Floor"/> so no power divides by zero.
/// The update of any factor is then A ← max(A .* (num(Y) ./ den(Z))^γ(β), floor).
/// </summary>
public static class BetaRatio
{
    public static (Tensor3 Numerator, Tensor3 Denominator) Compute(Tensor3 x, Tensor3 model, double beta)
    {
        var y = new double[x.Size];
        var z = new double[x.Size];
        for (var i = 0; i < y.Length; i++)
        {
            var m = Math.Max(model.Data[i], TensorAlgorithm.Floor);
            (y[i], z[i]) = beta switch
            {
                2.0 => (x.Data[i], m),
                1.0 => (x.Data[i] / m, 1.0),
                0.0 => (x.Data[i] / (m * m), 1.0 / m),
                _ => (Math.Pow(m, beta - 2) * x.Data[i], Math.Pow(m, beta - 1)),
            };
        }
        return (new Tensor3(x.Shape[0], x.Shape[1], x.Shape[2], y), new Tensor3(x.Shape[0], x.Shape[1], x.Shape[2], z));
    }

    /// <summary>A ← max(A .* (num ./ den)^γ, floor); a zero denominator leaves the entry's ratio at 1.</summary>
    public static void Apply(double[] a, double[] numerator, double[] denominator, double gamma)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var ratio = denominator[i] > 0 ? numerator[i] / denominator[i] : 1.0;
            var factor = gamma == 1.0 ? ratio : Math.Pow(ratio, gamma);
            a[i] = Math.Max(a[i] * factor, TensorAlgorithm.Floor);
        }
    }
}
