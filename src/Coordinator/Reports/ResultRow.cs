using System.Text.Json.Serialization;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Reports;

/// <summary>
/// One job of a sweep as the results table shows it: its configuration, its track, its outcome. The last four
/// members are what the results explorer draws (the loss per iteration, the downsampled W and H the first track of a
/// dataset keeps, the configuration's resolved config, the job's attempt history as the grid saw it); they are left out of results.json and the table views.
/// </summary>
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
    string Worker,
    [property: JsonIgnore] IReadOnlyList<double>? LossHistory = null,
    [property: JsonIgnore] FactorPreview? Factors = null,
    [property: JsonIgnore] string? ResolvedConfig = null,
    [property: JsonIgnore] IReadOnlyList<string>? Log = null);
