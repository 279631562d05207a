namespace NmfGrid.Tasks.Separation;

/// <summary>
/// The seed's SI-SDR and SNR (mss.py evaluate_si_sdr, after Le Roux et al. 2019) for every estimate/reference pair,
/// not just each estimate's best: α = ⟨s, ŝ⟩/⟨s, s⟩ (SI-SDR) or 1 (SNR), value = 10·log10(‖α·s‖² / ‖ŝ − α·s‖²),
/// no mean removal. Signals are compared over their common length (the seed truncates references to the estimate).
/// Entry [k, j]: NaN when reference j is silent (the seed skips it), −∞ when estimate k is silent or α = 0.
/// </summary>
public static class PairwiseSdr
{
    public static double[,] Compute(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates, bool scaling)
    {
        var table = new double[estimates.Count, references.Count];
        for (int k = 0; k < estimates.Count; k++)
        for (int j = 0; j < references.Count; j++)
            table[k, j] = Ratio(references[j], estimates[k], scaling);
        return table;
    }

    /// <summary>
    /// Both tables (SI-SDR, SNR) in two passes over each pair instead of four: the same sums in the same order, so the
    /// same numbers as two <see cref="Compute"/> calls. SNR's target ‖1·s‖² is ⟨s, s⟩ summed in that order.
    /// </summary>
    public static (double[,] SiSdr, double[,] Snr) ComputeBoth(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates)
    {
        var siSdr = new double[estimates.Count, references.Count];
        var snr = new double[estimates.Count, references.Count];
        for (int k = 0; k < estimates.Count; k++)
        for (int j = 0; j < references.Count; j++)
            (siSdr[k, j], snr[k, j]) = Ratios(references[j], estimates[k]);
        return (siSdr, snr);
    }

    private static (double SiSdr, double Snr) Ratios(double[] reference, double[] estimate)
    {
        int length = Math.Min(reference.Length, estimate.Length);
        var (cross, energy, own) = Products(reference, estimate, length);
        if (energy == 0) return (double.NaN, double.NaN);
        if (own == 0) return (double.NegativeInfinity, double.NegativeInfinity);
        double alpha = cross / energy;
        double target = 0, residual = 0, plainResidual = 0;
        for (int n = 0; n < length; n++)
        {
            double t = alpha * reference[n];
            double e = estimate[n] - t;
            double d = estimate[n] - reference[n];
            target += t * t;
            residual += e * e;
            plainResidual += d * d;
        }
        return (Decibels(target, residual), Decibels(energy, plainResidual));
    }

    /// <summary>⟨s, ŝ⟩, ‖s‖² and ‖ŝ‖² over the first <paramref name="length"/> samples, in sample order.</summary>
    private static (double Cross, double Energy, double Own) Products(double[] reference, double[] estimate, int length)
    {
        double cross = 0, energy = 0, own = 0;
        for (int n = 0; n < length; n++)
        {
            cross += reference[n] * estimate[n];
            energy += reference[n] * reference[n];
            own += estimate[n] * estimate[n];
        }
        return (cross, energy, own);
    }

    private static double Decibels(double target, double residual)
    {
        if (target == 0) return double.NegativeInfinity;
        if (residual == 0) return double.PositiveInfinity;
        return 10 * Math.Log10(target / residual);
    }

    private static double Ratio(double[] reference, double[] estimate, bool scaling)
    {
        int length = Math.Min(reference.Length, estimate.Length);
        var (cross, energy, own) = Products(reference, estimate, length);
        if (energy == 0) return double.NaN;
        if (own == 0) return double.NegativeInfinity;
        double alpha = scaling ? cross / energy : 1.0;
        double target = 0, residual = 0;
        for (int n = 0; n < length; n++)
        {
            double t = alpha * reference[n];
            double e = estimate[n] - t;
            target += t * t;
            residual += e * e;
        }
        return Decibels(target, residual);
    }
}
