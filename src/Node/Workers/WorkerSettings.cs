namespace NmfGrid.Node.Workers;

/// <summary>How one worker actor behaves: its identity, how many jobs it runs at once, and its timers.</summary>
public sealed record WorkerSettings
{
    public required string WorkerId { get; init; }

    public string Host { get; init; } = Environment.MachineName;

    /// <summary>Jobs run at once by this worker (each on its own thread, with single-threaded BLAS by default).</summary>
    public int Slots { get; init; } = 1;

    /// <summary>
    /// At most this many assigned jobs held beyond the running ones, while jobs are short (see
    /// <see cref="PrefetchDepth"/>); 0 never holds any.
    /// </summary>
    public int Prefetch { get; init; } = 64;

    /// <summary>A worker holds no more jobs than its slots finish in this time at the recent pace.</summary>
    public TimeSpan PrefetchWindow { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Held jobs go back to the coordinator once a running job has taken this long (checked at each heartbeat),
    /// so a slow or hung job never keeps them from idle workers.
    /// </summary>
    public TimeSpan HoldLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Well inside the coordinator's lease, so one lost heartbeat does not lose the lease.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Unacknowledged outcomes are sent again this often, until the coordinator acknowledges them.</summary>
    public TimeSpan ResendInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>While a slot is free, the worker says so again this often (a restarted coordinator forgets requests).</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where unacknowledged outcomes are kept on disk (see <see cref="OutcomeOutbox"/>); null keeps them in memory
    /// only, which is enough when the coordinator lives in the same process.
    /// </summary>
    public string? OutboxDirectory { get; init; }

    /// <summary>A job running longer than this is cancelled and reported as a (retryable) timeout.</summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromHours(1);
}
