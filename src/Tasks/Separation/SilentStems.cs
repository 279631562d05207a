namespace NmfGrid.Tasks.Separation;

/// <summary>
/// Which reference stems count as silent and are left out of the scores. The seed and museval skip only all-zero
/// references, so a stem that is near-silent (dither, bleed, −100 dB) was scored as a source: its SI-SDR (about
/// −55 dB) dominated every mean. Stem j is silent when, over the samples scored,
///   Σ s_j² ≤ 10^(t/10) · Σ x²   (x the mixture, t = task.silent_stem_db, e.g. −60);
/// with no threshold (t unset: the seed preset) only an all-zero stem is silent.
/// </summary>
public static class SilentStems
{
    /// <summary>Per reference: silent or not, over the first min(reference, mixture, <paramref name="length"/>) samples.</summary>
    public static bool[] Find(IReadOnlyList<double[]> references, double[] mixture, int length, double? thresholdDb)
    {
        var silent = new bool[references.Count];
        for (int j = 0; j < references.Count; j++)
        {
            int n = Math.Min(length, Math.Min(references[j].Length, mixture.Length));
            double own = Energy(references[j], n);
            silent[j] = own == 0 || thresholdDb is { } t && own <= Math.Pow(10, t / 10) * Energy(mixture, n);
        }
        return silent;
    }

    /// <summary>The score table with silent stems' columns set to NaN, which scoring and assignment skip.</summary>
    public static double[,] Exclude(double[,] scores, bool[] silent)
    {
        var result = (double[,])scores.Clone();
        for (int j = 0; j < silent.Length; j++)
        {
            if (!silent[j]) continue;
            for (int k = 0; k < result.GetLength(0); k++) result[k, j] = double.NaN;
        }
        return result;
    }

    private static double Energy(double[] signal, int length)
    {
        double sum = 0;
        for (int n = 0; n < length; n++) sum += signal[n] * signal[n];
        return sum;
    }
}
