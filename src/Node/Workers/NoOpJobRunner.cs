using NmfGrid.Messages;

namespace NmfGrid.Node.Workers;

/// <summary>
/// A runner that computes nothing: every job succeeds at once with an empty set of metrics and backend "noop".
/// It measures the grid's own cost (dispatch, leases, persistence, acknowledgements) without datasets or
/// BLAS; `nmfgrid node --runner noop` selects it. Its results are not benchmark results, so point such a
/// cluster at a journal of its own.
/// </summary>
public sealed class NoOpJobRunner : IJobRunner
{
    public const string Name = "noop";

    private static readonly JobResult Nothing = new(
        new Dictionary<string, double>(), new StageTimings(0, 0, 0, 0, 0), 0, 0.0, [], Name, 0, "", "");

    public JobResult Run(JobSpec job, PointSpec point, CancellationToken cancellation) => Nothing;
}
