namespace NmfGrid.Tasks.Metrics;

/// <summary>Decimal rounding exactly as numpy.around does it: rint(x·10^d)/10^d, ties to even.</summary>
internal static class Rounding
{
    private static readonly double[] Power10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

    public static double HalfEven(double x, int decimals) =>
        Math.Round(x * Power10[decimals], MidpointRounding.ToEven) / Power10[decimals];
}
