namespace NmfGrid.Tasks.Pipeline;

/// <summary>Which way a metric improves: up (an F-measure, an SDR) or down (an error, a divergence).</summary>
public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
}
