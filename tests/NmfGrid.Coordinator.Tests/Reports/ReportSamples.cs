using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Reports;

/// <summary>Ledgers as a finished sweep leaves them, built by hand: a rank sweep of reconstruction jobs.</summary>
public static class ReportSamples
{
    public static JobSpec Job(int point, int track, int rank) => new(
        JobId: $"job-{point}-{track}", SweepId: "sweep-r", PointIndex: point, PointLabel: $"algorithm.rank={rank}",
        Dataset: "musdb18hq", TrackId: $"track-{track}",
        ConfigJson: """{"task":{"name":"reconstruction"},"algorithm":{"name":"mu","rank":""" + rank + """},"dataset":{"name":"musdb18hq"},"run":{}}""",
        Seed: point * 100 + track);

    public static JobResult Result(int point, int track, bool factors) => new(
        Metrics: new Dictionary<string, double> { ["relative_error"] = 0.5 / (point + 1) + 0.01 * track, ["snr_db"] = 3.0 * (point + 1) - track },
        Timings: new StageTimings(0, 0.1, 0.2, 0.05, 0.35),
        Iterations: 20,
        FinalLoss: 10.0 / (point + 1),
        LossHistory: Enumerable.Range(0, 21).Select(i => 100.0 / (point + 1) / (1 + i) + track).ToArray(),
        Backend: "managed",
        BlasThreads: 1,
        Host: "host-a",
        WorkerId: "host-a/worker-0",
        Factors: factors ? Factors(rank: 2 + 2 * point) : null);

    public static FactorPreview Factors(int rank, int rows = 16, int columns = 40) => new(rows, rank, columns,
        Enumerable.Range(0, rows * rank).Select(i => (float)(i % rows) / rows).ToArray(),
        Enumerable.Range(0, rank * columns).Select(i => (float)Math.Abs(Math.Sin(i))).ToArray());

    /// <summary>configurations × tracks jobs; the (point, track) pairs in <paramref name="failed"/> failed for good.</summary>
    public static LedgerSnapshot Ledger(int configurations, int tracks, params (int Point, int Track)[] failed)
    {
        var specs = new List<JobSpec>();
        var jobs = new List<JobSnapshot>();
        for (var p = 0; p < configurations; p++)
        {
            for (var t = 0; t < tracks; t++)
            {
                var spec = Job(p, t, rank: 2 + 2 * p);
                specs.Add(spec);
                jobs.Add(failed.Contains((p, t))
                    ? new JobSnapshot(spec, "Failed", 3, 0, null, "host-a", null, null, $"corrupt audio in track-{t}/mixture.wav")
                    : new JobSnapshot(spec, "Succeeded", 1, 2, "host-a/worker-0", "host-a", null, Result(p, t, factors: t == 0), null));
            }
        }
        var sweep = new SweepDefinition("sweep-r", "rank sweep", "reconstruction", "musdb18hq", specs, 3, TimeSpan.FromMinutes(2));
        return new LedgerSnapshot([sweep], jobs);
    }
}
