namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// BSS Eval scores, one entry per reference source j: SDR, SIR, SAR in dB, and the estimate assigned to it
/// (<c>Permutation[j]</c> = estimate index).
/// </summary>
public sealed record SourceSeparationScores(double[] Sdr, double[] Sir, double[] Sar, int[] Permutation);
