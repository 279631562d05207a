namespace NmfGrid.Tasks.Metrics;

/// <summary>Energy ratios in dB as BSS Eval's _safe_db computes them: 10·log10(num/den), +∞ when den = 0.</summary>
internal static class Decibels
{
    public static double Ratio(double numerator, double denominator) =>
        denominator == 0 ? double.PositiveInfinity : 10 * Math.Log10(numerator / denominator);
}
