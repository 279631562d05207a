namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// The stop test of the constrained models (<see cref="SparseMultiplicativeUpdate"/>, <see cref="MinimumVolume"/>).
/// Their objective is a divergence plus a penalty and is evaluated after every iteration (the references do the
/// same); a log-det penalty makes it negative, so scikit-learn's sqrt(2·D) rule does not apply. Instead, as
/// Le Roux's <c>conv_eps</c>: stop when |J_{k−1} − J_k| ≤ tol·|J_{k−1}|; with <see cref="StoppingRule.NnFac"/>
/// the absolute change |J_{k−1} − J_k| &lt; tol. tol = 0 runs every iteration.
/// </summary>
internal static class PenalisedObjectiveStop
{
    public static bool Converged(double previous, double current, NmfOptions options) =>
        options.Tolerance > 0 && (options.Stopping == StoppingRule.NnFac
            ? Math.Abs(previous - current) < options.Tolerance
            : Math.Abs(previous - current) <= options.Tolerance * Math.Abs(previous));

    /// <summary>The constrained models have their own penalties: scikit-learn's alpha_W/alpha_H would be a second one.</summary>
    public static void RejectScikitPenalties(NmfOptions options, string solver)
    {
        if (options.AlphaW != 0 || options.AlphaH != 0)
        {
            throw new ArgumentException(
                $"The '{solver}' model takes its penalty from its own parameters, not alpha_W/alpha_H " +
                $"(got AlphaW = {options.AlphaW}, AlphaH = {options.AlphaH}); set them to 0.", nameof(options));
        }
    }
}
