namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// BSS Eval v4 scores per source and window (<c>[source][window]</c>, dB; NaN for a window where a reference
/// or an estimate is silent), with the per-source median over windows that museval reports for MUSDB18.
/// </summary>
public sealed record FramewiseSeparationScores(double[][] Sdr, double[][] Isr, double[][] Sir, double[][] Sar, int WindowCount)
{
    public double[] MedianSdr => Sdr.Select(FramewiseMedian.IgnoringNaN).ToArray();
    public double[] MedianIsr => Isr.Select(FramewiseMedian.IgnoringNaN).ToArray();
    public double[] MedianSir => Sir.Select(FramewiseMedian.IgnoringNaN).ToArray();
    public double[] MedianSar => Sar.Select(FramewiseMedian.IgnoringNaN).ToArray();
}
