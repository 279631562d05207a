using System.Text.Json;
using NmfGrid.Messages;

namespace NmfGrid.Node.Workers;

/// <summary>
/// A worker's outcomes that the coordinator has not acknowledged yet, kept on local disk so that a worker
/// process that dies (or is restarted) still delivers them: a finished job is never computed twice just
/// because its result was in flight. One folder per worker, one file per report as it was sent
/// (<c>&lt;ticks&gt;-&lt;n&gt;.outcomes.json</c>, a <see cref="JobOutcomes"/> in GridSerializer's JSON), written to a
/// temporary name and renamed, so a file is either whole or absent; deleted once every outcome in it is
/// acknowledged. Files of one outcome each (<c>&lt;job id&gt;.&lt;attempt&gt;.succeeded.json</c> or <c>.failed.json</c>),
/// as earlier builds wrote them, are still read.
/// </summary>
public sealed class OutcomeOutbox
{
    private const string Report = ".outcomes.json";
    private const string Succeeded = ".succeeded.json";
    private const string Failed = ".failed.json";

    // Which file holds each unacknowledged attempt, and how many unacknowledged attempts each file still holds.
    private readonly Dictionary<JobAttempt, string> _fileOf = new();
    private readonly Dictionary<string, int> _left = new(StringComparer.Ordinal);
    private long _written;

    public OutcomeOutbox(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>
    /// Stores a report before it is first sent. No fsync: the file must outlive this process (a kill, a crash)
    /// and a coordinator hand-over, which the page cache gives; an operating-system crash of this machine is a
    /// node death, after which the coordinator re-queues the jobs anyway. An fsync per result cost 10–40 ms on
    /// the test machine's disk, and a file per result more CPU than the job bookkeeping (docs/performance.md).
    /// </summary>
    public void Keep(JobOutcomes report)
    {
        if (report.Count == 0)
        {
            return;
        }
        var path = Path.Combine(Directory, $"{DateTime.UtcNow.Ticks:D19}-{++_written}{Report}");
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, report, GridSerializer.JsonOptions);
        }
        File.Move(temporary, path, overwrite: true);
        Track(path, report.Attempts().Select(a => a with { SweepId = null }));
    }

    /// <summary>The coordinator has the outcome of this attempt: forget it, and its file once nothing else in it is waiting.</summary>
    public void Forget(JobAttempt attempt)
    {
        // Keyed by job and attempt: the sweep an acknowledgement names is routing, not identity.
        if (_fileOf.Remove(attempt with { SweepId = null }, out var path) && --_left[path] == 0)
        {
            _left.Remove(path);
            File.Delete(path);
        }
    }

    /// <summary>
    /// Every outcome still waiting for an acknowledgement, oldest first, as left by an earlier run of this worker.
    /// A file that cannot be read is named in the exception.
    /// </summary>
    public IReadOnlyList<IJobOutcome> Pending()
    {
        var pending = new List<IJobOutcome>();
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.json").OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            var outcomes = Read(file);
            Track(file.FullName, outcomes.Select(o => new JobAttempt(o.JobId, o.Attempt)));
            pending.AddRange(outcomes);
        }
        return pending;
    }

    private void Track(string path, IEnumerable<JobAttempt> attempts)
    {
        foreach (var attempt in attempts)
        {
            if (_fileOf.TryAdd(attempt, path))
            {
                _left[path] = _left.GetValueOrDefault(path) + 1;
            }
        }
        if (!_left.ContainsKey(path))
        {
            File.Delete(path); // every outcome in it is already held in another file
        }
    }

    private static IReadOnlyList<IJobOutcome> Read(FileInfo file)
    {
        var type = file.Name.EndsWith(Report, StringComparison.Ordinal) ? typeof(JobOutcomes)
            : file.Name.EndsWith(Succeeded, StringComparison.Ordinal) ? typeof(JobSucceeded)
            : typeof(JobFailed);
        try
        {
            var message = JsonSerializer.Deserialize(File.ReadAllBytes(file.FullName), type, GridSerializer.JsonOptions)
                          ?? throw new JsonException("empty");
            return message is JobOutcomes report ? [.. report.Succeeded, .. report.Failed] : [(IJobOutcome)message];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Outbox file '{file.FullName}' is not a readable {type.Name}: {e.Message}. Move it away to start the worker.", e);
        }
    }
}
