using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// A fixed team of threads that runs one piece of work split in parts, again and again: the caller runs part 0 and
/// <see cref="Parts"/> − 1 threads of the team's own run the others, kept for the team's life. Between runs they spin
/// (yielding) for about a millisecond before they sleep, so a run that follows within that time starts in microseconds.
/// <para>
/// Why not <c>Parallel.For</c>: on this project's 2-core VM one fork-join of it cost about 0.18 ms even with empty
/// bodies (the pool's thread woken from sleep, then the caller woken after the join), and a β=2 iteration at K = 88
/// made four, about 5 % of its time (docs/performance.md, "Two threads").
/// </para>
/// One caller at a time: <see cref="Run"/> is not re-entrant and not for concurrent callers.
/// </summary>
public sealed class ThreadTeam : IDisposable
{
    // How long an idle thread spins before it sleeps: longer than the serial steps between two runs of an iteration.
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private Action<int>? _work;
    private long _generation;   // runs started (and one more at disposal)
    private int _pending;       // the team's parts of the current run not yet done
    private int _sleepers;      // threads waiting on _gate
    private bool _disposed;
    private Exception? _failure;

    public ThreadTeam(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        Parts = parts;
        _threads = new Thread[parts - 1];
        for (var p = 1; p < parts; p++)
        {
            var part = p;
            _threads[p - 1] = new Thread(() => Serve(part)) { IsBackground = true, Name = $"ThreadTeam part {part}" };
            _threads[p - 1].Start();
        }
    }

    /// <summary>How many parts each run is split into (the caller's thread included).</summary>
    public int Parts { get; }

    /// <summary>Runs <paramref name="work"/>(part) for every part in [0, <see cref="Parts"/>), part 0 on this thread; returns when all are done.</summary>
    public void Run(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Parts == 1)
        {
            work(0);
            return;
        }

        _work = work;
        _failure = null;
        Volatile.Write(ref _pending, Parts - 1);
        Interlocked.Increment(ref _generation);
        Wake();
        try
        {
            work(0);
        }
        finally
        {
            AwaitOthers();
            _work = null;
        }

        if (_failure is { } failure)
            ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Runs <paramref name="work"/>(start, count, part) on <see cref="Parts"/> contiguous runs of [0, <paramref name="length"/>) (<see cref="PartOf"/>).</summary>
    public void ForEachPart(int length, Action<int, int, int> work) =>
        Run(part =>
        {
            var (start, count) = PartOf(part, Parts, length);
            work(start, count, part);
        });

    /// <summary>[start, start + count) of [0, <paramref name="length"/>) that part <paramref name="part"/> of <paramref name="parts"/> takes.</summary>
    public static (int Start, int Count) PartOf(int part, int parts, int length)
    {
        int start = (int)((long)length * part / parts), end = (int)((long)length * (part + 1) / parts);
        return (start, end - start);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Interlocked.Increment(ref _generation);
        Wake();
        foreach (var thread in _threads)
            thread.Join();
    }

    private void Serve(int part)
    {
        long seen = 0;
        while (true)
        {
            seen = AwaitRun(seen);
            if (Volatile.Read(ref _disposed))
                return;
            try
            {
                _work!(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }

            if (Interlocked.Decrement(ref _pending) == 0)
                Wake();
        }
    }

    // A waiter checks its condition under the gate before it sleeps, and every change of state is followed by
    // Wake, which takes the gate: no wake-up is lost.
    private void Wake()
    {
        lock (_gate)
        {
            if (_sleepers > 0)
                Monitor.PulseAll(_gate);
        }
    }

    private long AwaitRun(long seen)
    {
        var start = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (Volatile.Read(ref _generation) == seen)
        {
            if (Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            lock (_gate)
            {
                _sleepers++;
                while (Volatile.Read(ref _generation) == seen)
                    Monitor.Wait(_gate);
                _sleepers--;
            }
        }

        return Volatile.Read(ref _generation);
    }

    private void AwaitOthers()
    {
        var start = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (Volatile.Read(ref _pending) != 0)
        {
            if (Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            lock (_gate)
            {
                _sleepers++;
                while (Volatile.Read(ref _pending) != 0)
                    Monitor.Wait(_gate);
                _sleepers--;
            }
        }
    }
}
