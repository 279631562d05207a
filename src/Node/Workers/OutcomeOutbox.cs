using System.Text.Json;
using NmfGrid.Messages;

namespace NmfGrid.Node.Workers;

/// <summary>
/// A worker's outcomes that the coordinator has not acknowledged yet, kept on local disk so that a worker
/// process that dies (or is restarted) still delivers them: a finished job is never computed twice just
/// because its result was in flight. One folder per worker, one file per outcome
/// (<c>&lt;job id&gt;.&lt;attempt&gt;.succeeded.json</c> or <c>.failed.json</c>, GridSerializer's JSON), written to a
/// temporary name, fsync'd and renamed, so a file is either whole or absent; deleted on acknowledgement.
/// </summary>
public sealed class OutcomeOutbox
{
    private const string Succeeded = ".succeeded.json";
    private const string Failed = ".failed.json";

    public OutcomeOutbox(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>
    /// Stores the outcome before it is first sent: written whole, then renamed into place, so a file found
    /// later is complete. No fsync: the file must outlive this process (a kill, a crash) and a coordinator
    /// hand-over, which the page cache gives; an operating-system crash of this machine is a node death,
    /// after which the coordinator re-queues the job anyway. An fsync per result cost 10–40 ms on the test
    /// machine's disk and capped each worker at a few dozen jobs a second (docs/performance.md).
    /// </summary>
    public void Keep(IGridMessage outcome)
    {
        var (jobId, attempt, suffix) = Key(outcome);
        var path = PathOf(jobId, attempt, suffix);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, outcome, outcome.GetType(), GridSerializer.JsonOptions);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The coordinator has the outcome of this attempt: forget it.</summary>
    public void Forget(string jobId, int attempt)
    {
        File.Delete(PathOf(jobId, attempt, Succeeded));
        File.Delete(PathOf(jobId, attempt, Failed));
    }

    /// <summary>Every outcome still waiting for an acknowledgement, oldest first. A file that cannot be read is named in the exception.</summary>
    public IReadOnlyList<IGridMessage> Pending() =>
        new DirectoryInfo(Directory).EnumerateFiles("*.json").OrderBy(f => f.LastWriteTimeUtc).Select(Read).ToArray();

    private static IGridMessage Read(FileInfo file)
    {
        var type = file.Name.EndsWith(Succeeded, StringComparison.Ordinal) ? typeof(JobSucceeded) : typeof(JobFailed);
        try
        {
            return (IGridMessage)(JsonSerializer.Deserialize(File.ReadAllBytes(file.FullName), type, GridSerializer.JsonOptions)
                                  ?? throw new JsonException("empty"));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Outbox file '{file.FullName}' is not a readable {type.Name}: {e.Message}. Move it away to start the worker.", e);
        }
    }

    private static (string JobId, int Attempt, string Suffix) Key(IGridMessage outcome) => outcome switch
    {
        JobSucceeded s => (s.JobId, s.Attempt, Succeeded),
        JobFailed f => (f.JobId, f.Attempt, Failed),
        _ => throw new ArgumentException($"Only job outcomes go to the outbox, not {outcome.GetType().Name}.", nameof(outcome)),
    };

    // Job ids are hex hashes; anything else is made file-safe rather than trusted.
    private string PathOf(string jobId, int attempt, string suffix) =>
        Path.Combine(Directory, string.Concat(jobId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')) + "." + attempt + suffix);
}
