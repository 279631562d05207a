using System.Globalization;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Progress for logs, CI and tests: one line when something finished, at most once a second, and one every
/// 30 s when nothing did. The format is parsed by scripts and tests (the done count after '['): keep it.
/// <code>[7/12] 6 done, 1 failed, 2 running, 3 pending | 0.52 jobs/s | ETA 00:00:10 | host-a:4 host-b:2 | f1 0.5389</code>
/// (the last part: each task's headline metric, its mean over the jobs done so far).
/// </summary>
public sealed class LogProgressDisplay(TextWriter output) : IProgressDisplay
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(30);
    private TimeSpan? _lastPrint;
    private int _lastDone = -1;

    public Task<bool> Run(Func<Task<bool>> follow) => follow();

    public void Update(ProgressReading reading, bool final)
    {
        var sinceLast = _lastPrint is { } last ? reading.Elapsed - last : TimeSpan.MaxValue;
        var due = sinceLast >= QuietInterval || (reading.Done != _lastDone && sinceLast >= MinInterval);
        if ((final && reading.Progress.Finished) || due)
        {
            _lastDone = reading.Done;
            _lastPrint = reading.Elapsed;
            output.WriteLine(Line(reading));
        }
    }

    public static string Line(ProgressReading r)
    {
        var p = r.Progress;
        var hosts = string.Join(" ", r.Hosts.Select(h => $"{h.Host}:{h.Succeeded}"));
        var means = string.Concat(r.HeadlineMeans.Select(m => string.Create(CultureInfo.InvariantCulture, $" | {m.Headline.Metric} {m.Mean:0.####}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"[{r.Done}/{p.Total}] {p.Succeeded} done, {p.Failed} failed, {p.Running} running, {p.Pending} pending | {r.JobsPerSecond:0.00} jobs/s | ETA {r.EtaText} | {hosts}{means}");
    }
}
