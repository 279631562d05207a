using System.Globalization;

namespace NmfGrid.Coordinator.Reports;

/// <summary>How numbers are written in summary.md: four decimals, and small values in exponent form so they do not read as 0.</summary>
public static class ReportNumbers
{
    public static string Plain(double x) =>
        double.IsNaN(x) ? "–" : x != 0 && Math.Abs(x) < 1e-3 ? x.ToString("0.###e+0", CultureInfo.InvariantCulture) : x.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A difference, always with its sign.</summary>
    public static string Signed(double x) =>
        double.IsNaN(x) ? "–" : x > 0 ? "+" + Plain(x) : x == 0 ? "0" : Plain(x);

    public static string PValue(double p) =>
        double.IsNaN(p) ? "–" : p != 0 && p < 1e-4 ? p.ToString("0.##e+0", CultureInfo.InvariantCulture) : p.ToString("0.####", CultureInfo.InvariantCulture);
}
