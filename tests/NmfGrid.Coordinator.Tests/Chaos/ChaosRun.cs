namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>One kill as it happened: the jobs done when it struck, and how long until the sweep's next result (recovery).</summary>
internal sealed record ChaosStrike(ChaosKill Kill, int DoneAtKill, TimeSpan Recovery);

/// <summary>
/// A chaos run as it happened: the schedule, each kill, the members that ended on their own and were started again
/// (as a supervisor would), and the run's length. <see cref="Summary"/> is the line docs/operations.md quotes.
/// </summary>
internal sealed record ChaosRun(string Mode, ChaosSchedule Schedule, int Jobs, IReadOnlyList<ChaosStrike> Strikes, IReadOnlyList<string> UnplannedRestarts, TimeSpan Elapsed)
{
    public string Summary()
    {
        var recoveries = Strikes.Select(s => s.Recovery.TotalSeconds).Order().ToArray();
        string Stat(IEnumerable<double> seconds) => seconds.Any() ? $"median {Median(seconds.Order().ToArray()):0.0} s, max {seconds.Max():0.0} s" : "none";
        var byKind = string.Join("; ", Strikes.GroupBy(s => s.Kill.Target).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} ×{g.Count()} (recovery {Stat(g.Select(s => s.Recovery.TotalSeconds))})"));
        return $"{Mode}: seed {Schedule.Seed}, {Jobs} jobs, {Strikes.Count} of {Schedule.Kills.Count} kills: {byKind}; recovery overall {Stat(recoveries)}; " +
               $"{UnplannedRestarts.Count} unplanned restart(s){(UnplannedRestarts.Count > 0 ? " (" + string.Join(", ", UnplannedRestarts) + ")" : "")}; " +
               $"{Elapsed.TotalSeconds:0} s in all";
    }

    private static double Median(double[] sorted) => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
