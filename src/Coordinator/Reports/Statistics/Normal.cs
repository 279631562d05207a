using MathNet.Numerics;

namespace NmfGrid.Coordinator.Reports.Statistics;

/// <summary>The standard normal distribution: density, distribution function and upper tail, through erfc so small tails keep their digits.</summary>
public static class Normal
{
    public static double Density(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    public static double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    public static double UpperTail(double x) => 0.5 * SpecialFunctions.Erfc(x / Math.Sqrt(2));
}
