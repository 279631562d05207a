namespace NmfGrid.Tasks.Separation;

/// <summary>
/// Reference stems too quiet to score. A stem at −100 dB is not exactly zero, yet its SI-SDR (about −55 dB for any
/// estimate) would dominate every mean; museval leaves silent references out, and so does NmfGrid, by a threshold
/// relative to the mixture (the sum of the references, as in MUSDB18).
/// </summary>
public static class SilentStems
{
    /// <summary>
    /// Per reference: silent when all zero, or when ‖s_j‖² ≤ 10^(db/10)·‖Σ_i s_i‖² (db &lt; 0; null: only all-zero
    /// stems). An all-zero mixture makes every stem silent.
    /// </summary>
    public static bool[] Find(IReadOnlyList<double[]> references, double? db)
    {
        var energies = references.Select(r => r.Sum(x => x * x)).ToArray();
        if (db is not { } threshold) return energies.Select(e => e == 0).ToArray();
        int length = references.Count == 0 ? 0 : references.Max(r => r.Length);
        double mixture = 0;
        for (int n = 0; n < length; n++)
        {
            double x = 0;
            foreach (var r in references) if (n < r.Length) x += r[n];
            mixture += x * x;
        }
        double floor = Math.Pow(10, threshold / 10) * mixture;
        return energies.Select(e => e == 0 || e <= floor).ToArray();
    }

    /// <summary>Blanks the silent references' columns (NaN: never scored, never assigned) in a pairwise score table.</summary>
    public static void Exclude(double[,] scores, bool[] silent)
    {
        for (int j = 0; j < silent.Length; j++)
        {
            if (!silent[j]) continue;
            for (int k = 0; k < scores.GetLength(0); k++) scores[k, j] = double.NaN;
        }
    }
}
