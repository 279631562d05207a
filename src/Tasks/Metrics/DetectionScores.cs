namespace NmfGrid.Tasks.Metrics;

/// <summary>Precision, recall and F-measure of a detection or clustering metric.</summary>
public sealed record DetectionScores(double Precision, double Recall, double F1);
