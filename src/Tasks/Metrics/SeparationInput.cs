namespace NmfGrid.Tasks.Metrics;

/// <summary>The input checks BSS Eval (mir_eval.separation / museval) applies to reference and estimated sources.</summary>
internal static class SeparationInput
{
    /// <summary>mir_eval.separation.MAX_SOURCES: more sources is refused (the cost grows with nsrc! and (nsrc·L)³).</summary>
    public const int MaxSources = 100;

    public static void Validate(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates, bool requireEqualLength)
    {
        if (references.Count == 0) throw new ArgumentException("No reference source given.");
        if (estimates.Count == 0) throw new ArgumentException("No estimated source given.");
        if (references.Count != estimates.Count)
            throw new ArgumentException(
                $"The number of estimated sources ({estimates.Count}) must match the number of reference sources ({references.Count}).");
        if (references.Count > MaxSources)
            throw new ArgumentException($"{references.Count} sources exceed the maximum of {MaxSources}.");
        int n = references[0].Length;
        if (n == 0) throw new ArgumentException("Reference source 0 is empty (0 samples).");
        for (int k = 0; k < references.Count; k++)
        {
            if (references[k].Length != n)
                throw new ArgumentException($"Reference sources differ in length: reference 0 has {n} samples, reference {k} has {references[k].Length}.");
        }
        for (int k = 0; k < estimates.Count; k++)
        {
            if (requireEqualLength && estimates[k].Length != n)
                throw new ArgumentException(
                    $"The shape of estimated and reference sources must match: estimate {k} has {estimates[k].Length} samples, references have {n}.");
        }
        for (int k = 0; k < references.Count; k++)
        {
            if (IsSilent(references[k]))
                throw new ArgumentException(
                    $"All the reference sources should be non-silent (not all-zeros), but reference {k} is all 0s.");
        }
        for (int k = 0; k < estimates.Count; k++)
        {
            if (IsSilent(estimates[k]))
                throw new ArgumentException(
                    $"All the estimated sources should be non-silent (not all-zeros), but estimate {k} is all 0s.");
        }
        foreach (var (signals, side) in new[] { (references, "reference"), (estimates, "estimate") })
        {
            for (int k = 0; k < signals.Count; k++)
                foreach (var x in signals[k])
                    if (!double.IsFinite(x)) throw new ArgumentException($"The {side} source {k} contains a non-finite sample.");
        }
    }

    public static bool IsSilent(ReadOnlySpan<double> signal)
    {
        foreach (var x in signal) if (x != 0) return false;
        return true;
    }
}
