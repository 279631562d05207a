using System.Diagnostics;
using System.Globalization;

namespace NmfGrid.Coordinator.Persistence;

/// <summary>
/// One writing nmfgrid process per SQLite event log. Two coordinators on one file append under the same
/// persistence id, and one of them dies on the journal's UNIQUE constraint, so every process that writes the
/// log (`run`, `resume`, a `coordinator` member on SQLite, `report` while it rebuilds the results table) first
/// takes an OS lock on <c>&lt;database&gt;.lock</c> (FileShare.None: flock on Linux and macOS, a share mode on
/// Windows) and holds it for its lifetime. The OS drops the lock with the process, however it ends (SIGKILL
/// included), so a dead run never leaves the database locked; the empty lock file stays and means nothing on
/// its own. The holder writes its process id to <c>&lt;database&gt;.pid</c>, only to be named in the message:
/// another .NET process cannot read a file held with FileShare.None.
/// </summary>
public sealed class SqliteDatabaseLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _holderPath;

    private SqliteDatabaseLock(FileStream @lock, string holderPath)
    {
        _lock = @lock;
        _holderPath = holderPath;
    }

    /// <summary>outputs/nmfgrid.db → outputs/nmfgrid.db.lock (a full path).</summary>
    public static string LockPath(string database) => Path.GetFullPath(database) + ".lock";

    /// <summary>outputs/nmfgrid.db → outputs/nmfgrid.db.pid: the holder's process id while it holds the lock.</summary>
    public static string HolderPath(string database) => Path.GetFullPath(database) + ".pid";

    /// <summary>
    /// Takes the lock, or fails naming the file, the process that holds it and <paramref name="key"/> (how the user
    /// named the database: "run.database", "--database").
    /// </summary>
    public static SqliteDatabaseLock Claim(string database, string key) =>
        TryClaim(database, out var holder) ?? throw new GridDatabaseException(
            $"{key}: {Path.GetFullPath(database)} is in use by another nmfgrid process{(holder is { } pid ? $" (pid {pid})" : "")}; " +
            $"wait for it or give another {key}");

    /// <summary>
    /// Takes the lock; null when another process (or another claim in this one) holds it, with that process's id in
    /// <paramref name="holder"/> when it is known. A file that cannot be created at all fails, named.
    /// </summary>
    public static SqliteDatabaseLock? TryClaim(string database, out int? holder)
    {
        var lockPath = LockPath(database);
        holder = null;
        FileStream held;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (IsHeld(lockPath))
        {
            holder = Holder(database);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GridDatabaseException($"SQLite database lock '{lockPath}' cannot be created: {e.Message}", e);
        }
        var holderPath = HolderPath(database);
        try
        {
            File.WriteAllText(holderPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The id only improves another process's message; the lock is what counts.
        }
        return new SqliteDatabaseLock(held, holderPath);
    }

    /// <summary>
    /// A failed exclusive open means "held" only if a shared read is refused too: a read-only folder or a full disk
    /// refuses the first but not the second.
    /// </summary>
    private static bool IsHeld(string lockPath)
    {
        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The id in the .pid file if that process is alive (a killed holder's stale file names nobody).</summary>
    private static int? Holder(string database)
    {
        try
        {
            if (!int.TryParse(File.ReadAllText(HolderPath(database)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return null;
            }
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : pid;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Removes the .pid file, then lets go of the lock (in that order, so a successor's id is never removed).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_holderPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a stale id names nobody once its process is gone
        }
        _lock.Dispose();
    }
}
