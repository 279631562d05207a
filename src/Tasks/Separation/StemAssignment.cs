namespace NmfGrid.Tasks.Separation;

/// <summary>Which stem each estimate is scored against.</summary>
public enum AssignmentKind
{
    /// <summary>The seed: every estimate takes the reference it scores best on; two estimates can claim one stem.</summary>
    Argmax,

    /// <summary>One-to-one: the pairing of estimates and stems with the largest total SI-SDR.</summary>
    Optimal,
}

/// <summary>Assignments of estimates (rows) to references (columns) from a score table; NaN columns (silent stems) are never used.</summary>
public static class StemAssignment
{
    /// <summary>Per estimate, the first reference with the highest score (numpy argmax); null for a silent estimate (−∞ row).</summary>
    public static int?[] Argmax(double[,] scores)
    {
        int estimates = scores.GetLength(0), references = scores.GetLength(1);
        var result = new int?[estimates];
        for (int k = 0; k < estimates; k++)
        {
            if (Enumerable.Range(0, references).All(j => double.IsNaN(scores[k, j]) || double.IsNegativeInfinity(scores[k, j]))) continue;
            int? best = null;
            for (int j = 0; j < references; j++)
                if (!double.IsNaN(scores[k, j]) && (best is null || scores[k, j] > scores[k, best.Value])) best = j;
            result[k] = best;
        }
        return result;
    }

    /// <summary>
    /// The one-to-one matching of min(estimates, usable references) pairs maximising Σ score, by exhaustive search
    /// (a handful of sources; ties go to the lexicographically first pairing). Returns (estimate, reference) pairs in
    /// reference order. −∞ scores count as very poor, not impossible, so every usable reference gets an estimate.
    /// </summary>
    public static IReadOnlyList<(int Estimate, int Reference)> Optimal(double[,] scores)
    {
        int estimates = scores.GetLength(0);
        var usable = Enumerable.Range(0, scores.GetLength(1))
            .Where(j => Enumerable.Range(0, estimates).Any(k => !double.IsNaN(scores[k, j]))).ToArray();
        if (estimates > 10 || usable.Length > 10)
            throw new ArgumentException($"Optimal assignment is exhaustive and limited to 10 sources, got {estimates} estimates and {usable.Length} stems.");
        int pairs = Math.Min(estimates, usable.Length);
        var chosen = new int[usable.Length];
        var best = new int[usable.Length];
        double bestTotal = double.NegativeInfinity;
        var used = new bool[estimates];
        bool found = false;

        // Each usable reference gets an estimate or −1 (only while references outnumber estimates).
        void Search(int position, int matched, double total)
        {
            if (position == usable.Length)
            {
                if (matched == pairs && (!found || total > bestTotal)) { found = true; bestTotal = total; Array.Copy(chosen, best, chosen.Length); }
                return;
            }
            int remaining = usable.Length - position;
            for (int k = 0; k < estimates; k++)
            {
                if (used[k]) continue;
                used[k] = true;
                chosen[position] = k;
                Search(position + 1, matched + 1, total + Finite(scores[k, usable[position]]));
                used[k] = false;
            }
            if (pairs - matched < remaining)
            {
                chosen[position] = -1;
                Search(position + 1, matched, total);
            }
        }

        Search(0, 0, 0);
        return Enumerable.Range(0, usable.Length).Where(p => best[p] >= 0).Select(p => (best[p], usable[p])).ToArray();
    }

    /// <summary>−∞ (silent estimate) and NaN count as a very low score so a search can still compare totals.</summary>
    private static double Finite(double score) =>
        double.IsNaN(score) || double.IsNegativeInfinity(score) ? -1e6 : double.IsPositiveInfinity(score) ? 1e6 : score;
}
