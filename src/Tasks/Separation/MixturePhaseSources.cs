using System.Numerics;
using System.Runtime.Intrinsics;
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
            Phase(mixture.AsSpan(t * bins, bins), re, im, sources);
        }, hop, length);
    }

    [ThreadStatic] private static double[]? t_phase;

    // Each source's |Ŝ_s|[f] (in re[s]) times the phase factor X/|X| of the mixture column: |X| is Complex.Magnitude's
    // double.Hypot (Stft.HypotColumn gives its bits), X/|X| is (Re X/|X|, Im X/|X|) and 1 where X = 0, the product
    // (m·Re, m·Im): elementwise roundings, so the SIMD form gives the numbers of the Complex operators.
    private static void Phase(ReadOnlySpan<Complex> column, double[][] re, double[][] im, int sources)
    {
        int bins = column.Length;
        var scratch = t_phase is { } p && p.Length >= 3 * bins ? p : t_phase = new double[3 * bins];
        Span<double> mr = scratch.AsSpan(0, bins), mi = scratch.AsSpan(bins, bins), magnitude = scratch.AsSpan(2 * bins, bins);
        for (int f = 0; f < bins; f++)
        {
            mr[f] = column[f].Real;
            mi[f] = column[f].Imaginary;
        }
        Stft.HypotColumn(mr, mi, magnitude);
        int g = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; g + Vector256<double>.Count <= bins; g += Vector256<double>.Count)
            {
                var xr = Vector256.Create(mr[g..]);
                var xi = Vector256.Create(mi[g..]);
                var size = Vector256.Create(magnitude[g..]);
                var zero = Vector256.Equals(xr, Vector256<double>.Zero) & Vector256.Equals(xi, Vector256<double>.Zero);
                var pr = Vector256.ConditionalSelect(zero, Vector256<double>.One, xr / size);
                var pi = Vector256.ConditionalSelect(zero, Vector256<double>.Zero, xi / size);
                for (int s = 0; s < sources; s++)
                {
                    var m = Vector256.Create(re[s].AsSpan(g));
                    (m * pr).CopyTo(re[s].AsSpan(g));
                    (m * pi).CopyTo(im[s].AsSpan(g));
                }
            }
        }
        for (; g < bins; g++)
        {
            var phase = column[g] == Complex.Zero ? Complex.One : column[g] / column[g].Magnitude;
            for (int s = 0; s < sources; s++)
            {
                var z = re[s][g] * phase;
                re[s][g] = z.Real;
                im[s][g] = z.Imaginary;
            }
        }
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
