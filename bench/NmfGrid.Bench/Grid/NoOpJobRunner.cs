using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Bench.Grid;

/// <summary>A job that does nothing: returns a small fixed result at once, so only the grid's own cost is measured.</summary>
public sealed class NoOpJobRunner : IJobRunner
{
    private static readonly JobResult Fixed = new(
        new Dictionary<string, double> { ["sdr"] = 1.5, ["sir"] = 2.5, ["sar"] = 3.5 },
        new StageTimings(0, 0, 0, 0, 0), 1, 0.5, [1.0, 0.5], "managed", 1, "", "");

    public JobResult Run(JobSpec job, CancellationToken cancellation) => Fixed;
}
