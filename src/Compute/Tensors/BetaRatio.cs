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
        var xs = x.Data;
        var ms = model.Data;
        const double floor = TensorAlgorithm.Floor;
        // One loop per case, so the branch on β stays out of the loop (β=2 and β=1 need no power at all).
        if (beta == 2.0)
        {
            Array.Copy(xs, y, y.Length);
            for (var i = 0; i < y.Length; i++) z[i] = Math.Max(ms[i], floor);
        }
        else if (beta == 1.0)
        {
            for (var i = 0; i < y.Length; i++) y[i] = xs[i] / Math.Max(ms[i], floor);
            Array.Fill(z, 1.0);
        }
        else if (beta == 0.0)
        {
            for (var i = 0; i < y.Length; i++)
            {
                var inverse = 1.0 / Math.Max(ms[i], floor);
                z[i] = inverse;
                y[i] = xs[i] * inverse * inverse;
            }
        }
        else
        {
            for (var i = 0; i < y.Length; i++)
            {
                var m = Math.Max(ms[i], floor);
                var power = Math.Pow(m, beta - 2); // Λ^(β−2); Λ^(β−1) = Λ^(β−2)·Λ
                y[i] = power * xs[i];
                z[i] = power * m;
            }
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
