namespace NmfGrid.Tasks.Metrics;

/// <summary>Best score of one estimate over the references, and which (non-silent) reference gave it.</summary>
public readonly record struct EstimateScore(double Value, int? Reference);

/// <summary>
/// nmf_audio_benchmark's separation score (mss.py evaluate_si_sdr, after Le Roux et al. 2019, "SDR — half-baked
/// or well done?"): per estimate ŝ and each non-silent reference s,
///   α = ⟨s, ŝ⟩/⟨s, s⟩ (SI-SDR) or α = 1 (SNR),  value = 10·log10(‖α·s‖² / ‖ŝ − α·s‖²),
/// keeping the maximum over references and its index. No mean removal, no epsilon; references longer than the
/// estimate are truncated to it.
/// </summary>
public static class ScaleInvariantSdr
{
    /// <summary>SI-SDR of each estimate (scale-invariant, α fitted).</summary>
    public static EstimateScore[] SiSdr(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates) =>
        Evaluate(references, estimates, scaling: true);

    /// <summary>SNR of each estimate (α = 1).</summary>
    public static EstimateScore[] Snr(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates) =>
        Evaluate(references, estimates, scaling: false);

    /// <summary>
    /// Per estimate: the best value over the references and the index of that reference <b>among the non-silent
    /// references</b> (the seed's convention). A silent estimate scores −∞ with no reference.
    /// </summary>
    /// <exception cref="ArgumentException">No references or estimates, estimates longer than references, or a
    /// fitted gain of exactly 0 (the seed's log10(0) error).</exception>
    public static EstimateScore[] Evaluate(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates, bool scaling)
    {
        if (references.Count == 0) throw new ArgumentException("No reference source given.");
        if (estimates.Count == 0) throw new ArgumentException("No estimated source given.");
        int length = estimates[0].Length;
        for (int k = 0; k < estimates.Count; k++)
        {
            if (estimates[k].Length != length)
                throw new ArgumentException($"Estimated sources differ in length: estimate 0 has {length} samples, estimate {k} has {estimates[k].Length}.");
        }
        for (int k = 0; k < references.Count; k++)
        {
            // The seed truncates longer references to the estimate length and fails on shorter ones.
            if (references[k].Length < length)
                throw new ArgumentException($"Reference {k} has {references[k].Length} samples, fewer than the estimates' {length}.");
        }
        var audible = references.Where(r => !IsSilent(r, length)).ToArray();
        if (audible.Length == 0) throw new ArgumentException("Every reference source is silent (all zeros): nothing to score against.");

        var scores = new EstimateScore[estimates.Count];
        for (int k = 0; k < estimates.Count; k++)
        {
            var estimate = estimates[k];
            if (IsSilent(estimate, length))
            {
                scores[k] = new EstimateScore(double.NegativeInfinity, null);
                continue;
            }
            double best = double.NaN;
            int? bestIndex = null;
            for (int j = 0; j < audible.Length; j++)
            {
                double value = Ratio(audible[j], estimate, length, scaling, k);
                // numpy argmax: the first maximum wins.
                if (bestIndex is null || value > best) { best = value; bestIndex = j; }
            }
            scores[k] = new EstimateScore(bestIndex is null ? double.NaN : best, bestIndex);
        }
        return scores;
    }

    private static double Ratio(double[] reference, double[] estimate, int length, bool scaling, int estimateIndex)
    {
        double alpha = 1.0;
        if (scaling)
        {
            double cross = 0, energy = 0;
            for (int n = 0; n < length; n++) { cross += reference[n] * estimate[n]; energy += reference[n] * reference[n]; }
            alpha = cross / energy;
        }
        double target = 0, residual = 0;
        for (int n = 0; n < length; n++)
        {
            double t = alpha * reference[n];
            double e = estimate[n] - t;
            target += t * t;
            residual += e * e;
        }
        if (target == 0)
            throw new ArgumentException($"Estimate {estimateIndex} is orthogonal to a reference (gain α = 0): its SI-SDR is log10(0), undefined.");
        if (residual == 0) return double.PositiveInfinity;
        return 10 * Math.Log10(target / residual);
    }

    private static bool IsSilent(double[] signal, int length)
    {
        for (int n = 0; n < length; n++) if (signal[n] != 0) return false;
        return true;
    }
}
