using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Models;

namespace NmfGrid.Tasks.Separation;

/// <summary>How each source's complex spectrogram is built from the NMF factors.</summary>
public enum Masking
{
    /// <summary>The seed: |Ŝ_s| = W_s·H_s (the source's partial product) with the mixture phase; the sources need not sum to the mixture.</summary>
    None,

    /// <summary>Wiener-style soft masks M_s = (W_s H_s)^p / Σ_r (W_r H_r)^p applied to the complex mixture: Σ_s Ŝ_s = X exactly.</summary>
    Wiener,
}

/// <summary>Per-source spectrograms from a clustering of the NMF components.</summary>
public static class SourceMasks
{
    /// <summary>W_s·H_s = Σ_{k: label(k)=s} W[:,k]·H[k,:] for each of the <paramref name="sources"/> clusters.</summary>
    public static Matrix<double>[] PartialProducts(Matrix<double> w, Matrix<double> h, int[] labels, int sources) =>
        PartialProducts(new ProductModel<double>(w, h), labels, sources);

    /// <summary>Each cluster's spectrogram as the model makes it from the cluster's components (plain NMF: W_s·H_s; NMFD: Σ_τ W_τ,s·shift_τ(H_s)).</summary>
    public static Matrix<double>[] PartialProducts(IComponentModel<double> model, int[] labels, int sources)
    {
        if (labels.Length != model.Rank)
            throw new ArgumentException($"{labels.Length} component labels for {model.Rank} templates.", nameof(labels));
        return Enumerable.Range(0, sources)
            .Select(s => model.Spectrogram(Enumerable.Range(0, labels.Length).Where(k => labels[k] == s).ToArray()))
            .ToArray();
    }

    /// <summary>
    /// M_s = V̂_s^p / Σ_r V̂_r^p (Févotte, Bertin &amp; Durrieu 2009, Wiener filtering of NMF components). Where every
    /// V̂_r is 0 the mixture is shared equally, so the masks sum to one everywhere.
    /// </summary>
    public static Matrix<double>[] Wiener(IReadOnlyList<Matrix<double>> partials, double power)
    {
        if (partials.Count == 0) throw new ArgumentException("No source to mask.", nameof(partials));
        if (!(power > 0) || !double.IsFinite(power)) throw new ArgumentOutOfRangeException(nameof(power), power, "The mask power must be positive.");
        int rows = partials[0].RowCount, columns = partials[0].ColumnCount;
        var powered = partials.Select(p => power == 1 ? p.ToColumnMajorArray() : p.ToColumnMajorArray().Select(x => Math.Pow(x, power)).ToArray()).ToArray();
        var masks = partials.Select(_ => new double[rows * columns]).ToArray();
        double share = 1.0 / partials.Count;
        for (int i = 0; i < rows * columns; i++)
        {
            double total = 0;
            foreach (var p in powered) total += p[i];
            for (int s = 0; s < masks.Length; s++) masks[s][i] = total > 0 ? powered[s][i] / total : share;
        }
        return masks.Select(m => Matrix<double>.Build.Dense(rows, columns, m)).ToArray();
    }

    /// <summary>Ŝ = M ⊙ X, the mask applied to the complex mixture STFT.</summary>
    public static Matrix<Complex> Apply(Matrix<double> mask, Matrix<Complex> mixture) => Scale(mask, mixture);

    /// <summary>|Ŝ|·e^{iφ}: a magnitude with the mixture's phase factor (the seed's original_phase reconstruction).</summary>
    public static Matrix<Complex> WithPhase(Matrix<double> magnitude, Matrix<Complex> phase) => Scale(magnitude, phase);

    // a[f,t]·z[f,t] over the column-major arrays.
    private static Matrix<Complex> Scale(Matrix<double> a, Matrix<Complex> z)
    {
        if (a.RowCount != z.RowCount || a.ColumnCount != z.ColumnCount)
            throw new ArgumentException($"A {a.RowCount}×{a.ColumnCount} real matrix cannot scale a {z.RowCount}×{z.ColumnCount} complex one.");
        var real = a.AsColumnMajorArray() ?? a.ToColumnMajorArray();
        var complex = z.AsColumnMajorArray() ?? z.ToColumnMajorArray();
        var result = new Complex[complex.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = real[i] * complex[i];
        return Matrix<Complex>.Build.Dense(z.RowCount, z.ColumnCount, result);
    }
}
