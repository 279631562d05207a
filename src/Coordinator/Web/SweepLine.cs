namespace NmfGrid.Coordinator.Web;

/// <summary>
/// A sweep as the sweeps page lists it: status, counts, progress, and the rate and ETA measured by this server over
/// the last minutes (<see cref="SweepWatch.Window"/>; null until it saw a job finish), with each host's share.
/// </summary>
public sealed record SweepLine(
    string Id,
    IReadOnlyList<string> Tasks,
    string Status,
    int Total,
    int Succeeded,
    int Failed,
    int Running,
    int Pending,
    double Progress,
    double? JobsPerSecond,
    string? Eta,
    IReadOnlyList<HostShare> Hosts);

/// <summary>One host's succeeded jobs, their share of the sweep's, and its rate over the same window.</summary>
public sealed record HostShare(string Host, int Succeeded, double Share, double JobsPerSecond);
