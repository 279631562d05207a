namespace NmfGrid.Node.Workers;

/// <summary>
/// A worker's own threads for its jobs, one per slot, alive as long as the worker. A job computes for
/// seconds to hours; on the shared thread pool it would hold a pool thread that Akka's dispatchers and timers
/// (the job's own timeout included) also need, and on a 2-core machine a solver that held the only pool
/// thread kept a cancellation from ever firing. A thread per job would cost a thread start per job instead.
/// An idle thread waits on a monitor, which blocks at once: a BlockingCollection's semaphore spins first
/// (sched_yield), and with short jobs that spinning was a tenth of a node's CPU (docs/performance.md).
/// </summary>
public sealed class JobThreads : TaskScheduler, IDisposable
{
    private readonly Queue<Task> _tasks = new();
    private readonly Thread[] _threads;
    private bool _closed;

    public JobThreads(int threads, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = threads == 1 ? name : $"{name}-{i}" };
            _threads[i].Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Runs <paramref name="job"/> on one of these threads.</summary>
    public Task<T> Run<T>(Func<T> job, CancellationToken cancellation) =>
        Task.Factory.StartNew(job, cancellation, TaskCreationOptions.None, this);

    /// <summary>No new jobs; the threads end once the jobs they hold are done.</summary>
    public void Dispose()
    {
        lock (_tasks)
        {
            _closed = true;
            Monitor.PulseAll(_tasks);
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_tasks)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _tasks.Enqueue(task);
            Monitor.Pulse(_tasks);
        }
    }

    // Only on these threads, so a job never runs on a thread it was not given.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _threads.Contains(Thread.CurrentThread) && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_tasks)
        {
            return _tasks.ToArray();
        }
    }

    private void Work()
    {
        while (Next() is { } task)
        {
            TryExecuteTask(task);
        }
    }

    /// <summary>The next queued task, waiting for one; null once disposed and drained.</summary>
    private Task? Next()
    {
        lock (_tasks)
        {
            while (_tasks.Count == 0)
            {
                if (_closed)
                {
                    return null;
                }
                Monitor.Wait(_tasks);
            }
            return _tasks.Dequeue();
        }
    }
}
