using NmfGrid.Tasks.Metrics;

namespace NmfGrid.Tasks.Separation;

/// <summary>Per-stem score tables ("si_sdr.vocals", "snr.bass", …, "si_sdr.mean") from pairwise score tables and an assignment.</summary>
public static class StemScores
{
    /// <summary>
    /// Argmax (the seed): stem j gets the mean SI-SDR/SNR of the estimates that chose it (absent if none chose it);
    /// "si_sdr.mean" is the mean of every estimate's best SI-SDR and "snr.mean" of every estimate's best SNR, as the seed
    /// averages; "unclaimed_stems" counts audible stems no estimate chose. Optimal: stem j gets its one estimate's
    /// scores; means are over the matched stems.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Tabulate(double[,] siSdr, double[,] snr, IReadOnlyList<string> stems, AssignmentKind kind)
    {
        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        int estimates = siSdr.GetLength(0);
        if (kind == AssignmentKind.Argmax)
        {
            var choice = StemAssignment.Argmax(siSdr);
            for (int j = 0; j < stems.Count; j++)
            {
                var chosen = Enumerable.Range(0, estimates).Where(k => choice[k] == j).ToArray();
                if (chosen.Length == 0) continue;
                table["si_sdr." + stems[j]] = chosen.Average(k => siSdr[k, j]);
                table["snr." + stems[j]] = chosen.Average(k => snr[k, j]);
            }
            table["si_sdr.mean"] = Enumerable.Range(0, estimates).Average(k => Best(siSdr, k));
            table["snr.mean"] = Enumerable.Range(0, estimates).Average(k => Best(snr, k));
            table["unclaimed_stems"] = Enumerable.Range(0, stems.Count)
                .Count(j => !double.IsNaN(siSdr[0, j]) && !choice.Contains(j));
            return table;
        }
        var pairs = StemAssignment.Optimal(siSdr);
        foreach (var (k, j) in pairs)
        {
            table["si_sdr." + stems[j]] = siSdr[k, j];
            table["snr." + stems[j]] = snr[k, j];
        }
        if (pairs.Count > 0)
        {
            table["si_sdr.mean"] = pairs.Average(p => siSdr[p.Estimate, p.Reference]);
            table["snr.mean"] = pairs.Average(p => snr[p.Estimate, p.Reference]);
        }
        return table;
    }

    /// <summary>
    /// BSS Eval on the one-to-one pairs (silent estimates dropped), over the common length. v3: mir_eval
    /// bss_eval_sources with the pairing fixed; v4: museval's per-stem medians over 1 s windows.
    /// </summary>
    public static IReadOnlyDictionary<string, double> BssEval(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates,
        IReadOnlyList<(int Estimate, int Reference)> pairs, IReadOnlyList<string> stems, BssEvalVersion version, int sampleRate)
    {
        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        var usable = pairs.Where(p => estimates[p.Estimate].Any(x => x != 0)).ToArray();
        if (usable.Length == 0 || version == BssEvalVersion.None) return table;
        int length = usable.Min(p => Math.Min(references[p.Reference].Length, estimates[p.Estimate].Length));
        var refs = usable.Select(p => references[p.Reference][..length]).ToArray();
        var ests = usable.Select(p => estimates[p.Estimate][..length]).ToArray();
        var names = usable.Select(p => stems[p.Reference]).ToArray();
        var columns = new List<(string Metric, double[] Values)>();
        if (version == BssEvalVersion.V3)
        {
            var scores = BssEvalSources.Evaluate(refs, ests, computePermutation: false);
            columns.AddRange([("sdr", scores.Sdr), ("sir", scores.Sir), ("sar", scores.Sar)]);
        }
        else
        {
            var scores = BssEvalV4.Evaluate(refs, ests, sampleRate, sampleRate);
            columns.AddRange([("sdr", scores.MedianSdr), ("isr", scores.MedianIsr), ("sir", scores.MedianSir), ("sar", scores.MedianSar)]);
        }
        foreach (var (metric, values) in columns)
        {
            for (int i = 0; i < names.Length; i++) table[$"{metric}.{names[i]}"] = values[i];
            table[$"{metric}.mean"] = values.Average();
        }
        return table;
    }

    private static double Best(double[,] scores, int k)
    {
        double best = double.NegativeInfinity;
        for (int j = 0; j < scores.GetLength(1); j++)
            if (!double.IsNaN(scores[k, j]) && scores[k, j] > best) best = scores[k, j];
        return best;
    }
}
