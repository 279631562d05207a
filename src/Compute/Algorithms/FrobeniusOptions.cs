namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// How the Frobenius (β = 2) solvers read <see cref="NmfOptions"/>: what they accept beyond the general
/// checks of <see cref="NmfInputValidation"/>, and the penalty weights scaled as scikit-learn scales them
/// (§1.7 of the reference brief), so that one set of options means one objective whichever solver minimises it:
///   ½‖V − WH‖²_F + l1_W‖W‖₁ + ½ l2_W‖W‖²_F + l1_H‖H‖₁ + ½ l2_H‖H‖²_F,
///   l1_W = T·α_W·ρ, l2_W = T·α_W·(1−ρ), l1_H = F·α_H·ρ, l2_H = F·α_H·(1−ρ),
/// with ρ = L1Ratio, F the rows (bins) and T the columns (frames) of V: scikit-learn's n_samples is F and its
/// n_features is T in the audio orientation.
/// </summary>
internal static class FrobeniusOptions
{
    public static void Check(NmfOptions options, string solver)
    {
        NmfInputValidation.CheckOptions(options);
        if (options.Beta != 2.0)
        {
            throw new ArgumentException(
                $"The '{solver}' solver minimises the Frobenius norm only (β = 2), but β = {options.Beta} was asked for; " +
                "use 'mu' for other β.", nameof(options));
        }
    }

    /// <summary>Penalty on W: scaled by T, the number of frames (scikit-learn's n_features).</summary>
    public static ScaledPenalty PenaltyOnTemplates(NmfOptions options, int frames) =>
        new(frames * options.AlphaW * options.L1Ratio, frames * options.AlphaW * (1 - options.L1Ratio));

    /// <summary>Penalty on H: scaled by F, the number of bins (scikit-learn's n_samples).</summary>
    public static ScaledPenalty PenaltyOnActivations(NmfOptions options, int bins) =>
        new(bins * options.AlphaH * options.L1Ratio, bins * options.AlphaH * (1 - options.L1Ratio));
}

/// <summary>The L1 and L2 weights of one factor's penalty, l1‖X‖₁ + ½ l2‖X‖²_F, already scaled.</summary>
internal readonly record struct ScaledPenalty(double L1, double L2);
