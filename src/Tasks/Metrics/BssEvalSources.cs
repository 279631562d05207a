namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// BSS Eval v3 "sources" criterion, the semantics of mir_eval 0.7 separation.bss_eval_sources (Vincent,
/// Gribonval &amp; Févotte 2006). With P_j the projection of ŝ on reference j delayed by 0…511 samples and P the
/// projection on all references' delays (signals padded by 511 zeros):
///   SDR = 10·log10(‖P_j‖² / ‖ŝ − P_j‖²),  SIR = 10·log10(‖P_j‖² / ‖P − P_j‖²),
///   SAR = 10·log10(‖P‖² / ‖ŝ − P‖²)   (a zero denominator gives +∞).
/// With permutation search the assignment of estimates to references maximises the mean SIR over all nsrc!
/// permutations (the first in lexicographic order wins ties).
/// </summary>
public static class BssEvalSources
{
    /// <summary>BSS Eval's distortion filter length, in samples.</summary>
    public const int FilterLength = 512;

    /// <summary>Permutation search enumerates nsrc! assignments; beyond this many sources it is refused.</summary>
    public const int MaxPermutedSources = 9;

    /// <exception cref="ArgumentException">Count or length mismatch, empty input, a silent (all-zero) source.</exception>
    public static SourceSeparationScores Evaluate(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates, bool computePermutation = true)
    {
        SeparationInput.Validate(references, estimates, requireEqualLength: true);
        int nsrc = references.Count;
        if (computePermutation && nsrc > MaxPermutedSources)
            throw new ArgumentException($"Permutation search over {nsrc} sources ({nsrc}! assignments) is refused; the limit is {MaxPermutedSources}.");

        var subspace = new DelayedSourceSubspace(references, FilterLength, ridge: 0);
        var sdr = new double[nsrc, nsrc];
        var sir = new double[nsrc, nsrc];
        var sar = new double[nsrc, nsrc];
        for (int jest = 0; jest < nsrc; jest++)
        {
            var d = subspace.Correlations(estimates[jest]);
            var all = subspace.ProjectAll(subspace.FiltersOnAll(d));
            for (int jtrue = 0; jtrue < nsrc; jtrue++)
            {
                if (!computePermutation && jtrue != jest) continue;
                var own = subspace.ProjectOne(jtrue, subspace.FiltersOnOne(jtrue, d));
                (sdr[jest, jtrue], sir[jest, jtrue], sar[jest, jtrue]) = Criteria(estimates[jest], own, all);
            }
        }

        var best = Enumerable.Range(0, nsrc).ToArray();
        if (computePermutation)
        {
            double bestMean = double.NegativeInfinity;
            bool first = true;
            foreach (var perm in Permutations.Lexicographic(nsrc))
            {
                double sum = 0;
                for (int j = 0; j < nsrc; j++) sum += sir[perm[j], j];
                double mean = sum / nsrc;
                // numpy argmax: the first maximum; a NaN mean wins at once.
                if (first || mean > bestMean || (double.IsNaN(mean) && !double.IsNaN(bestMean)))
                {
                    bestMean = mean;
                    best = perm;
                    first = false;
                }
            }
        }
        return new SourceSeparationScores(
            Enumerable.Range(0, nsrc).Select(j => sdr[best[j], j]).ToArray(),
            Enumerable.Range(0, nsrc).Select(j => sir[best[j], j]).ToArray(),
            Enumerable.Range(0, nsrc).Select(j => sar[best[j], j]).ToArray(),
            best);
    }

    /// <summary>SDR, SIR, SAR from the estimate, its projection on its own reference and on all references.</summary>
    internal static (double Sdr, double Sir, double Sar) Criteria(double[] estimate, double[] own, double[] all)
    {
        double ownEnergy = 0, allEnergy = 0, distortion = 0, interference = 0, artefact = 0;
        for (int t = 0; t < own.Length; t++)
        {
            double e = t < estimate.Length ? estimate[t] : 0;
            ownEnergy += own[t] * own[t];
            allEnergy += all[t] * all[t];
            distortion += (e - own[t]) * (e - own[t]);
            interference += (all[t] - own[t]) * (all[t] - own[t]);
            artefact += (e - all[t]) * (e - all[t]);
        }
        return (Decibels.Ratio(ownEnergy, distortion), Decibels.Ratio(ownEnergy, interference), Decibels.Ratio(allEnergy, artefact));
    }
}
