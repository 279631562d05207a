namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// How the Frobenius (β = 2) solvers read <see cref="NmfOptions"/>: what they accept, and the penalty weights
/// scaled as scikit-learn scales them (§1.7 of the reference brief), so that one set of options means one
/// objective whichever solver minimises it:
///   ½‖V − WH‖²_F + l1_W‖W‖₁ + ½ l2_W‖W‖²_F + l1_H‖H‖₁ + ½ l2_H‖H‖²_F,
///   l1_W = T·α_W·ρ, l2_W = T·α_W·(1−ρ), l1_H = F·α_H·ρ, l2_H = F·α_H·(1−ρ),
/// with ρ = L1Ratio, F the rows (bins) and T the columns (frames) of V: scikit-learn's n_samples is F and its
/// n_features is T in the audio orientation.
/// </summary>
internal static class FrobeniusOptions
{
    public static void Check(NmfOptions options, string solver)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Beta != 2.0)
        {
            throw new ArgumentException(
                $"The '{solver}' solver minimises the Frobenius norm only (β = 2), but β = {options.Beta} was asked for; " +
                "use 'mu' for other β.", nameof(options));
        }

        if (options.Rank < 1)
        {
            throw new ArgumentException($"'{solver}': Rank must be at least 1, got {options.Rank}.", nameof(options));
        }

        if (options.MaxIterations < 0)
        {
            throw new ArgumentException(
                $"'{solver}': MaxIterations must be 0 or more, got {options.MaxIterations}.", nameof(options));
        }

        if (!(options.Tolerance >= 0) || double.IsInfinity(options.Tolerance))
        {
            throw new ArgumentException(
                $"'{solver}': Tolerance must be a finite number ≥ 0, got {options.Tolerance}.", nameof(options));
        }

        CheckWeight(options.AlphaW, "AlphaW", solver);
        CheckWeight(options.AlphaH, "AlphaH", solver);
        if (!(options.L1Ratio >= 0 && options.L1Ratio <= 1))
        {
            throw new ArgumentException($"'{solver}': L1Ratio must lie in [0, 1], got {options.L1Ratio}.", nameof(options));
        }

        foreach (var template in options.FixedTemplates)
        {
            if (template < 0 || template >= options.Rank)
            {
                throw new ArgumentException(
                    $"'{solver}': FixedTemplates holds {template}, which is not a template index in [0, {options.Rank}).",
                    nameof(options));
            }
        }
    }

    /// <summary>Throws when V, W0 and H0 do not fit V (F×T) ≈ W (F×K) · H (K×T) with K = Rank.</summary>
    public static void CheckShapes(int vRows, int vColumns, int wRows, int wColumns, int hRows, int hColumns,
                                   int rank, string solver)
    {
        if (wRows != vRows || wColumns != rank || hRows != rank || hColumns != vColumns)
        {
            throw new ArgumentException(
                $"'{solver}': shapes do not fit V ({vRows}×{vColumns}) ≈ W ({vRows}×{rank}) · H ({rank}×{vColumns}); " +
                $"got W0 {wRows}×{wColumns} and H0 {hRows}×{hColumns}.");
        }
    }

    /// <summary>Penalty on W: scaled by T, the number of frames (scikit-learn's n_features).</summary>
    public static ScaledPenalty PenaltyOnTemplates(NmfOptions options, int frames) =>
        new(frames * options.AlphaW * options.L1Ratio, frames * options.AlphaW * (1 - options.L1Ratio));

    /// <summary>Penalty on H: scaled by F, the number of bins (scikit-learn's n_samples).</summary>
    public static ScaledPenalty PenaltyOnActivations(NmfOptions options, int bins) =>
        new(bins * options.AlphaH * options.L1Ratio, bins * options.AlphaH * (1 - options.L1Ratio));

    private static void CheckWeight(double alpha, string key, string solver)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha))
        {
            throw new ArgumentException($"'{solver}': {key} must be a finite number ≥ 0, got {alpha}.", "options");
        }
    }
}

/// <summary>The L1 and L2 weights of one factor's penalty, l1‖X‖₁ + ½ l2‖X‖²_F, already scaled.</summary>
internal readonly record struct ScaledPenalty(double L1, double L2);
