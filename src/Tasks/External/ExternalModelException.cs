namespace NmfGrid.Tasks.External;

/// <summary>
/// An external model failed one job: it could not start, exited, wrote something that is not a protocol reply,
/// reported an error, or returned factors NmfGrid cannot use. The message names the command (and the host where the
/// command could not start) and ends with what the model wrote on stderr, when it wrote anything. The job fails once
/// and the sweep goes on (such faults repeat), like bad data.
/// </summary>
public sealed class ExternalModelException(string command, string problem, string? stderr = null, bool reportedByModel = false)
    : Exception($"external model '{command}': {problem}{(string.IsNullOrWhiteSpace(stderr) ? "" : $"; its stderr ends: {stderr.Trim()}")}")
{
    public string Command { get; } = command;

    /// <summary>What went wrong, without the command or stderr.</summary>
    public string Problem { get; } = problem;

    public string? Stderr { get; } = stderr;

    /// <summary>The model answered with an error reply: the process itself is sound and serves the next job.</summary>
    public bool ReportedByModel { get; } = reportedByModel;

    /// <summary>The same failure with the model's stderr appended (when it has none yet).</summary>
    public ExternalModelException WithStderr(string stderr) =>
        string.IsNullOrWhiteSpace(Stderr) && !string.IsNullOrWhiteSpace(stderr) ? new(Command, Problem, stderr, ReportedByModel) : this;
}
