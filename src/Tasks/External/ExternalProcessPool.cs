using System.Collections.Concurrent;

namespace NmfGrid.Tasks.External;

/// <summary>
/// Idle external models, by launch key (command, folder, environment). A job takes one, or starts one when none is
/// idle, and gives it back when the model answered properly; a process that failed, timed out or was cancelled is
/// killed instead, and the next job starts a fresh one. Jobs run one per worker slot, so a node holds at most one
/// process per command per slot, and each pays its start-up once. The processes end with NmfGrid's own process (and
/// by themselves when their stdin closes).
/// </summary>
public sealed class ExternalProcessPool
{
    /// <summary>The pool every job of this process shares.</summary>
    public static readonly ExternalProcessPool Shared = new();

    private readonly ConcurrentDictionary<string, ConcurrentBag<ExternalProcess>> _idle = new();
    private readonly ConcurrentDictionary<ExternalProcess, byte> _started = new();

    public ExternalProcessPool() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Clear();

    /// <summary>Processes started and not yet ended (idle or running a job).</summary>
    public int Count => _started.Count;

    /// <summary>An idle model for <paramref name="model"/>'s launch key, or a new one (its start-up within <paramref name="limit"/>).</summary>
    public ExternalProcess Take(ExternalModel model, TimeSpan? limit, CancellationToken cancellation)
    {
        if (_idle.TryGetValue(model.LaunchKey, out var idle))
        {
            while (idle.TryTake(out var process))
            {
                if (!process.HasExited)
                    return process;
                Discard(process); // died while idle: the job gets a fresh one
            }
        }
        var started = ExternalProcess.Start(model, limit, cancellation);
        _started[started] = 0;
        return started;
    }

    /// <summary>Keeps a model that answered properly for the next job.</summary>
    public void Return(ExternalProcess process)
    {
        if (process.HasExited)
            Discard(process);
        else
            _idle.GetOrAdd(process.Model.LaunchKey, _ => []).Add(process);
    }

    /// <summary>Ends a model whose state is unknown (it failed, timed out or was cancelled).</summary>
    public void Discard(ExternalProcess process)
    {
        _started.TryRemove(process, out _);
        process.Kill();
        process.Dispose();
    }

    /// <summary>Stops every idle model (closing its stdin, then killing it if it lingers).</summary>
    public void Clear()
    {
        foreach (var bag in _idle.Values)
        {
            while (bag.TryTake(out var process))
            {
                _started.TryRemove(process, out _);
                process.Stop();
                process.Dispose();
            }
        }
    }
}
