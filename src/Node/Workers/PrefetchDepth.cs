namespace NmfGrid.Node.Workers;

/// <summary>
/// How many assigned jobs a worker holds beyond the ones it runs. Holding some hides the round trip to the
/// coordinator between one job and the next, and lets jobs travel in batches; but a job held here waits for
/// a slot while another worker may be idle at the end of a sweep. So a worker holds only as many as its
/// slots finish within <see cref="Window"/> at the recent pace: none for jobs of seconds (and none before the
/// first job has finished), up to <see cref="Limit"/> for jobs of microseconds.
/// </summary>
public sealed class PrefetchDepth
{
    // Weight of the newest job in the running mean: about the last ten jobs count.
    private const double Smoothing = 0.1;
    private double _meanSeconds = double.NaN;

    public PrefetchDepth(int slots, int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Slots = slots;
        Limit = limit;
        Window = window;
    }

    public int Slots { get; }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>Jobs to hold beyond the running ones now: slots × (window ÷ mean job time), at most the limit.</summary>
    public int Current =>
        double.IsNaN(_meanSeconds) || Limit == 0
            ? 0
            : (int)Math.Min(Limit, Math.Floor(Slots * Window.TotalSeconds / Math.Max(_meanSeconds, 1e-9)));

    /// <summary>A job took this long (wall time on its thread, failures included).</summary>
    public void Finished(TimeSpan elapsed)
    {
        var seconds = Math.Max(0, elapsed.TotalSeconds);
        _meanSeconds = double.IsNaN(_meanSeconds) ? seconds : _meanSeconds + Smoothing * (seconds - _meanSeconds);
    }
}
