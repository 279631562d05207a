using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Separation;

/// <summary>
/// The seed's reconstruction (<see cref="Masking.None"/>) for plain NMF, frame by frame: column t of source s is
/// |Ŝ_s|[f] = Σ_{k: label(k)=s} W[f,k]·H[k,t] (the components in index order, each product added to a sum from zero, as
/// the partial product W_s·H_s does) times the mixture's phase factor X[f,t]/|X[f,t]| (1 where X is 0), inverted at once
/// by <see cref="InverseStft.Many"/>. The same numbers as building the F×T partial products, phase and spectra first
/// (<see cref="SourceMasks"/>) and inverting each with <see cref="Stft.Inverse"/>, without those five F×T matrices.
/// </summary>
internal static class MixturePhaseSources
{
    public static double[][] Invert(Matrix<double> w, Matrix<double> h, int[] labels, int sources, Matrix<Complex> spectrum, int hop, int? length)
    {
        int bins = w.RowCount, frames = h.ColumnCount, rank = w.ColumnCount;
        if (labels.Length != rank)
            throw new ArgumentException($"{labels.Length} component labels for {rank} templates.", nameof(labels));
        if (spectrum.RowCount != bins || spectrum.ColumnCount != frames)
            throw new ArgumentException($"A {bins}×{frames} model cannot take the phase of a {spectrum.RowCount}×{spectrum.ColumnCount} mixture spectrum.");
        var templates = w.AsColumnMajorArray() ?? w.ToColumnMajorArray();
        var activations = h.AsColumnMajorArray() ?? h.ToColumnMajorArray();
        var mixture = spectrum.AsColumnMajorArray() ?? spectrum.ToColumnMajorArray();
        var members = Enumerable.Range(0, sources).Select(s => Enumerable.Range(0, rank).Where(k => labels[k] == s).ToArray()).ToArray();

        return InverseStft.Many(bins, frames, sources, (t, re, im) =>
        {
            for (int s = 0; s < sources; s++)
            {
                var magnitude = re[s].AsSpan(0, bins);
                magnitude.Clear();
                foreach (int k in members[s])
                    AddScaled(magnitude, templates.AsSpan(k * bins, bins), activations[t * rank + k]);
            }
            var column = mixture.AsSpan(t * bins, bins);
            for (int f = 0; f < bins; f++)
            {
                var phase = column[f] == Complex.Zero ? Complex.One : column[f] / column[f].Magnitude;
                for (int s = 0; s < sources; s++)
                {
                    var z = re[s][f] * phase;
                    re[s][f] = z.Real;
                    im[s][f] = z.Imaginary;
                }
            }
        }, hop, length);
    }

    // y[f] += x[f]·a, a product rounded then a sum rounded (no fused multiply-add), as the scalar loop.
    private static void AddScaled(Span<double> y, ReadOnlySpan<double> x, double a)
    {
        var scale = new System.Numerics.Vector<double>(a);
        int f = 0;
        for (; f <= y.Length - System.Numerics.Vector<double>.Count; f += System.Numerics.Vector<double>.Count)
            (new System.Numerics.Vector<double>(y[f..]) + new System.Numerics.Vector<double>(x[f..]) * scale).CopyTo(y[f..]);
        for (; f < y.Length; f++) y[f] += x[f] * a;
    }
}
