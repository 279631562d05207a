namespace NmfGrid.Coordinator.Reports;

/// <summary>One job of a sweep as the results table shows it: its configuration, its track, its outcome.</summary>
public sealed record ResultRow(
    string SweepId,
    string JobId,
    int Point,
    string Configuration,
    string Task,
    IReadOnlyDictionary<string, string> Settings,
    string Track,
    string Status,
    int Attempt,
    IReadOnlyDictionary<string, double> Metrics,
    int Iterations,
    double FinalLoss,
    string Backend,
    int BlasThreads,
    string Error,
    double FeaturesSeconds,
    double NmfSeconds,
    double TaskSeconds,
    double TotalSeconds,
    string Host,
    string Worker);
