using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>One host's share of the work finished since this process started following the sweep.</summary>
public sealed record HostRate(string Host, int Succeeded, double JobsPerSecond);

/// <summary>
/// What a progress display shows at one moment: the coordinator's counts plus the rates and ETA measured by
/// this process. Rates count only jobs finished since it started following, so reused results do not
/// inflate them.
/// </summary>
public sealed record ProgressReading(
    SweepProgress Progress,
    TimeSpan Elapsed,
    double JobsPerSecond,
    TimeSpan? Eta,
    IReadOnlyList<HostRate> Hosts)
{
    /// <summary>The sweep's tasks' headline metrics, whose running means (<see cref="SweepProgress.Means"/>) are shown.</summary>
    public IReadOnlyList<Headline> Headlines { get; init; } = [];

    /// <summary>Each headline with its mean over the jobs that succeeded so far; those no job reports yet are left out.</summary>
    public IEnumerable<(Headline Headline, double Mean)> HeadlineMeans =>
        Headlines.Where(h => Progress.Means?.ContainsKey(h.Metric) == true).Select(h => (h, Progress.Means![h.Metric]));

    public int Done => Progress.Succeeded + Progress.Failed;

    public int Remaining => Progress.Total - Done;

    /// <summary>
    /// rate = jobs finished here / elapsed; ETA = remaining / rate (unknown until a job finished here).
    /// <paramref name="first"/> is the first snapshot this process saw.
    /// </summary>
    public static ProgressReading From(SweepProgress first, SweepProgress now, TimeSpan elapsed, IReadOnlyList<Headline>? headlines = null)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var doneHere = now.Succeeded + now.Failed - first.Succeeded - first.Failed;
        var rate = doneHere / seconds;
        var remaining = now.Total - now.Succeeded - now.Failed;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds(remaining / rate) : null;
        var hosts = now.SucceededPerHost.OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => new HostRate(h.Key, h.Value, (h.Value - first.SucceededPerHost.GetValueOrDefault(h.Key)) / seconds))
            .ToArray();
        return new ProgressReading(now, elapsed, rate, eta, hosts) { Headlines = headlines ?? [] };
    }

    /// <summary>hh:mm:ss, or --:--:-- while unknown.</summary>
    public string EtaText => Eta is { } eta ? eta.ToString(@"hh\:mm\:ss") : "--:--:--";
}
