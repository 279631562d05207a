namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// A native library's process-wide thread count, lowered to one while any caller runs products on threads of its
/// own (<see cref="IBlas.OneThreadPerProduct"/>). Scopes are counted: the first lowers the count, the last restores
/// the one it found, so nested or concurrent scopes (two solvers in one process) never leave it at one.
/// </summary>
internal sealed unsafe class NativeThreadScope(nint setThreads, nint getThreads)
{
    private readonly object _gate = new();
    private int _open;
    private int _saved;

    /// <summary>The count the library was set to before the open scopes, or null when none is open.</summary>
    public int? Saved
    {
        get
        {
            lock (_gate)
            {
                return _open > 0 ? _saved : null;
            }
        }
    }

    public int Read() => getThreads == 0 ? 1 : ((delegate* unmanaged<int>)getThreads)();

    public IDisposable Enter()
    {
        lock (_gate)
        {
            if (_open++ == 0)
            {
                _saved = Read();
                Set(1);
            }
        }

        return new Exit(this);
    }

    private void Leave()
    {
        lock (_gate)
        {
            if (--_open == 0)
            {
                Set(_saved);
            }
        }
    }

    private void Set(int threads)
    {
        if (setThreads != 0)
        {
            ((delegate* unmanaged<int, void>)setThreads)(threads);
        }
    }

    private sealed class Exit(NativeThreadScope scope) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                scope.Leave();
            }
        }
    }
}
