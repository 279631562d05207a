using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Structure;

/// <summary>
/// Foote's checkerboard novelty (J. Foote, "Automatic audio segmentation using a measure of audio novelty", ICME 2000),
/// a second segmenter next to CBM: a Gaussian-tapered checkerboard kernel of <c>width</c> bars slides along the diagonal
/// of the autosimilarity; at boundary t (between bars t − 1 and t)
///   n(t) = Σ_{u,v} sign(u)·sign(v)·exp(−(u² + v²)/(2σ²))·A[t + u, t + v],  u, v ∈ {−w/2 + ½, …, w/2 − ½},  σ = w/4
/// (bars outside the matrix count as zero), and boundaries are the local maxima of n above threshold·max n.
/// </summary>
public static class FooteNovelty
{
    /// <summary>Novelty at boundaries 0…N (N = bars).</summary>
    public static double[] Curve(Matrix<double> a, int width)
    {
        if (width < 2 || width % 2 != 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Foote kernel width must be an even number of bars ≥ 2.");
        var n = a.RowCount;
        var half = width / 2;
        var sigma = width / 4.0;
        var kernel = new double[width, width];
        for (var i = 0; i < width; i++)
            for (var j = 0; j < width; j++)
            {
                double u = i - half + 0.5, v = j - half + 0.5;
                kernel[i, j] = Math.Sign(u) * Math.Sign(v) * Math.Exp(-(u * u + v * v) / (2 * sigma * sigma));
            }
        var curve = new double[n + 1];
        for (var t = 0; t <= n; t++)
        {
            double sum = 0;
            for (var i = 0; i < width; i++)
            {
                var r = t - half + i;
                if (r < 0 || r >= n) continue;
                for (var j = 0; j < width; j++)
                {
                    var c = t - half + j;
                    if (c >= 0 && c < n) sum += kernel[i, j] * a[r, c];
                }
            }
            curve[t] = sum;
        }
        return curve;
    }

    /// <summary>Segments between 0, the novelty peaks strictly inside (0, last), and last.</summary>
    public static BarSegmentation Segment(Matrix<double> a, int width, double threshold, int last)
    {
        if (last < 1) return new BarSegmentation([], 0);
        var curve = Curve(a, width);
        var max = curve.Take(last + 1).Max();
        var boundaries = new List<int> { 0 };
        for (var t = 1; t < last; t++)
            if (curve[t] > curve[t - 1] && curve[t] >= curve[t + 1] && curve[t] > threshold * max) boundaries.Add(t);
        boundaries.Add(last);
        var segments = boundaries.Zip(boundaries.Skip(1), (s, e) => (s, e)).ToArray();
        return new BarSegmentation(segments, boundaries.Skip(1).SkipLast(1).Sum(t => curve[t]));
    }
}
