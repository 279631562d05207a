namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// Peak picking on a novelty curve (Bello et al. 2005, "A tutorial on onset detection in music signals"): frame t is an
/// onset when n[t] ≥ threshold and it is a local maximum (n[t−1] ≤ n[t] &gt; n[t+1]), at least <c>wait</c> frames after
/// the last onset kept. A plateau gives its last frame.
/// </summary>
public static class OnsetPeaks
{
    public static int[] Pick(IReadOnlyList<double> novelty, double threshold, int wait)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wait);
        var peaks = new List<int>();
        int last = int.MinValue;
        for (int t = 0; t < novelty.Count; t++)
        {
            double x = novelty[t];
            if (!(x >= threshold) || x <= 0) continue;
            if (t > 0 && novelty[t - 1] > x) continue;
            if (t + 1 < novelty.Count && novelty[t + 1] >= x) continue;
            if ((long)t - last < wait) continue;
            peaks.Add(t);
            last = t;
        }
        return peaks.ToArray();
    }

    /// <summary>Half-wave rectified first difference: n[t] = max(0, c[t] − c[t−1]), n[0] = max(0, c[0]) (a note sounding from the start).</summary>
    public static double[] Novelty(IReadOnlyList<double> curve)
    {
        var n = new double[curve.Count];
        for (int t = 0; t < curve.Count; t++)
            n[t] = Math.Max(0, curve[t] - (t > 0 ? curve[t - 1] : 0));
        return n;
    }

    /// <summary>Centred moving average over <c>width</c> frames, the window cut at both ends (width 1: a copy).</summary>
    public static double[] Smooth(IReadOnlyList<double> x, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var prefix = new double[x.Count + 1];
        for (int t = 0; t < x.Count; t++) prefix[t + 1] = prefix[t] + x[t];
        var y = new double[x.Count];
        int before = (width - 1) / 2, after = width / 2;
        for (int t = 0; t < x.Count; t++)
        {
            int from = Math.Max(0, t - before), to = Math.Min(x.Count, t + after + 1);
            y[t] = (prefix[to] - prefix[from]) / (to - from);
        }
        return y;
    }
}
