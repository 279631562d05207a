namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// Which process is killed at which progress point, drawn from a seed: the same seed gives the same schedule, so a
/// failing run can be replayed (the moments differ by the machine's timing, the plan does not). Progress points
/// are distinct, sorted and within the first 70 % of the sweep's jobs, so every kill lands while work remains.
/// Every target is hit at least once when there are at least as many kills as targets.
/// </summary>
internal sealed record ChaosSchedule(int Seed, IReadOnlyList<ChaosKill> Kills)
{
    /// <summary>Share of the sweep within which kills fall: the rest keeps a margin of jobs after the last kill.</summary>
    private const double Span = 0.7;

    public static ChaosSchedule For(int seed, int kills, int jobs, IReadOnlyList<ChaosTarget> targets, int nodes = 2)
    {
        if (targets.Count == 0) throw new ArgumentException("no target to kill", nameof(targets));
        var points = (int)(jobs * Span);
        if (kills > points) throw new ArgumentException($"{kills} kills need a sweep of at least {Math.Ceiling(kills / Span)} jobs, not {jobs}", nameof(jobs));
        var random = new Random(seed);
        var atDone = Enumerable.Range(0, points).OrderBy(_ => random.Next()).Take(kills).Order().ToArray();
        // Each target once (in a random order), then the rest at random.
        var kinds = targets.OrderBy(_ => random.Next()).Take(kills)
            .Concat(Enumerable.Range(0, Math.Max(0, kills - targets.Count)).Select(_ => targets[random.Next(targets.Count)]))
            .OrderBy(_ => random.Next()).ToArray();
        return new ChaosSchedule(seed, Enumerable.Range(0, kills).Select(i => new ChaosKill(
            i, kinds[i], atDone[i],
            After: TimeSpan.FromMilliseconds(random.Next(0, 1000)),
            Which: random.Next(nodes),
            Outage: TimeSpan.FromMilliseconds(random.Next(500, 3000)))).ToArray());
    }

    /// <summary>How many kills of each target, e.g. "Node 2, ActiveCoordinator 2, Postgres 1".</summary>
    public string Counts() => string.Join(", ", Kills.GroupBy(k => k.Target).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));

    public override string ToString() => $"chaos seed {Seed}, {Kills.Count} kills ({Counts()}): {string.Join("; ", Kills)}";
}
