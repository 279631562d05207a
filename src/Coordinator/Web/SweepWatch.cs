using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// Watches the results table for every page that is open: every <see cref="Interval"/>, while a page listens, it reads each sweep's counts
/// (one grouped query the progress index answers), and when they changed it tells every subscriber (the pages'
/// server-sent events stream) the new list. The table is written by the results projector about a second after a
/// job's event is stored, so a finished job reaches an open page within ~1.5 s. Rates and ETAs are measured here,
/// over the last <see cref="Window"/> (<see cref="ProgressReading"/>, as the terminal panel computes them).
/// </summary>
public sealed class SweepWatch(ResultsReader reader, ILogger<SweepWatch> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private readonly List<Channel<WatchUpdate>> _subscribers = [];
    private readonly Dictionary<string, Queue<(TimeSpan At, SweepProgress Progress)>> _history = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private WatchUpdate? _last;
    private string? _lastCounts;

    /// <summary>The latest state (null before the first read), and every later change until disposed.</summary>
    public WatchSubscription Subscribe()
    {
        var channel = Channel.CreateBounded<WatchUpdate>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _subscribers.Add(channel);
            if (_last is { } last)
            {
                channel.Writer.TryWrite(last);
            }
        }
        return new WatchSubscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        });
    }

    /// <summary>The sweeps read now (and told to the subscribers if they changed), or the error that kept them from being read.</summary>
    public WatchUpdate Refresh() => Poll();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            // Only while a page listens: with none open the table is read only when asked (GET /api/sweeps).
            bool listened;
            lock (_gate)
            {
                listened = _subscribers.Count > 0;
            }
            if (listened)
            {
                Poll();
            }
        }
        while (await Ticked(timer, stopping));
    }

    private static async Task<bool> Ticked(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private WatchUpdate Poll()
    {
        WatchUpdate update;
        string counts;
        try
        {
            var sweeps = reader.Sweeps();
            counts = JsonSerializer.Serialize(sweeps.Select(s => new { s.SweepId, s.Succeeded, s.Failed, s.Running, s.Pending }));
            update = new WatchUpdate(Lines(sweeps), null);
        }
        catch (GridDatabaseException e)
        {
            log.LogWarning("results table not readable: {Message}", e.Message);
            counts = "error:" + e.Message;
            update = new WatchUpdate(_last?.Sweeps ?? [], e.Message);
        }
        lock (_gate)
        {
            // Rates move while nothing finishes; only a change of counts (or of the error) is news for the pages.
            var changed = counts != _lastCounts;
            _last = update;
            _lastCounts = counts;
            if (changed)
            {
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(update);
                }
            }
        }
        return update;
    }

    private IReadOnlyList<SweepLine> Lines(IReadOnlyList<SweepCounts> sweeps)
    {
        var now = _clock.Elapsed;
        lock (_gate)
        {
            return sweeps.Select(s => Line(s, now)).OrderBy(l => l.Status == "finished" ? 1 : 0).ThenBy(l => l.Id, StringComparer.Ordinal).ToArray();
        }
    }

    private SweepLine Line(SweepCounts counts, TimeSpan now)
    {
        var progress = counts.ToProgress();
        var history = _history.TryGetValue(counts.SweepId, out var found) ? found : _history[counts.SweepId] = new();
        history.Enqueue((now, progress));
        while (history.Count > 2 && now - history.Peek().At > Window)
        {
            history.Dequeue();
        }
        var (since, first) = history.Peek();
        var reading = ProgressReading.From(first, progress, now - since);
        var doneHere = reading.Done - first.Succeeded - first.Failed;
        var status = progress.Finished ? "finished" : counts.Running > 0 ? "running" : "waiting";
        return new SweepLine(counts.SweepId, counts.Tasks, status, counts.Total, counts.Succeeded, counts.Failed, counts.Running, counts.Pending,
            counts.Total == 0 ? 1 : reading.Done / (double)counts.Total,
            doneHere > 0 ? reading.JobsPerSecond : null,
            doneHere > 0 && !progress.Finished ? reading.EtaText : null,
            reading.Hosts.Select(h => new HostShare(h.Host, h.Succeeded, counts.Succeeded == 0 ? 0 : h.Succeeded / (double)counts.Succeeded, h.JobsPerSecond)).ToArray());
    }
}

/// <summary>The sweeps as the watch last read them, or the database error that kept it from reading them.</summary>
public sealed record WatchUpdate(IReadOnlyList<SweepLine> Sweeps, string? Error);

/// <summary>A page's stream of updates; disposing it unsubscribes.</summary>
public sealed class WatchSubscription(ChannelReader<WatchUpdate> updates, Action unsubscribe) : IDisposable
{
    public ChannelReader<WatchUpdate> Updates { get; } = updates;

    public void Dispose() => unsubscribe();
}
