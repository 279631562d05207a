using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>
/// One instance of every grid message, filled with values that are easy to lose in JSON: NaN and ±∞ metrics,
/// −0, doubles with no short decimal form, sub-millisecond TimeSpans, non-UTC offsets, non-ASCII text.
/// </summary>
public static class GridMessageSamples
{
    private static readonly DateTimeOffset Deadline = new DateTimeOffset(2026, 11, 25, 21, 30, 15, TimeSpan.FromHours(-3.5)).AddTicks(1234567);

    public static readonly JobSpec Job = new(
        JobId: "3f9a1c", SweepId: "sweep-7", PointIndex: 4, PointLabel: "algorithm=mu,rank=32",
        Dataset: "maps", TrackId: "MAPS_MUS-chpn_op25_e4_ENSTDkAm", Seed: -2_017_389_211);

    public static readonly PointSpec Point = new(
        SweepId: "sweep-7", Index: 4, Label: "algorithm=mu,rank=32", ConfigJson: """{"rank":32,"beta":0.5,"name":"Ütf-8 ♪"}""");

    public static readonly JobResult Result = new(
        Metrics: new Dictionary<string, double>
        {
            ["sdr.vocals"] = 6.123456789012345,
            ["sdr.silence"] = double.NaN,
            ["sir.bass"] = double.PositiveInfinity,
            ["sar.drums"] = double.NegativeInfinity,
            ["f1"] = 0.1 + 0.2,
            ["onset.offset"] = -0.0,
            ["tiny"] = double.Epsilon,
            ["huge"] = double.MaxValue,
        },
        Timings: new StageTimings(Load: 0.012, Features: 1.0 / 3.0, Nmf: 12.5, Task: 2e-9, Total: 14.2),
        Iterations: 200,
        FinalLoss: 1234.5678901234567,
        LossHistory: [1e300, 5.5, Math.PI, double.NaN, 1e-300],
        Backend: "openblas",
        BlasThreads: 1,
        Host: "node-1",
        WorkerId: "node-1/worker-0",
        Factors: new FactorPreview(Rows: 2, Rank: 1, Columns: 3, W: [0.1f, float.Epsilon], H: [1f / 3f, -0f, float.MaxValue]));

    public static readonly SweepDefinition Sweep = new(
        SweepId: "sweep-7", Name: "rank sweep", Task: "transcription", Dataset: "maps",
        Jobs: [Job, Job with { JobId = "77aa00", PointIndex = 5, Seed = 42 }],
        MaxAttempts: 3,
        Lease: TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(7),
        Points: [Point, Point with { Index = 5, ConfigJson = """{"rank":64}""" }],
        Share: 2);

    public static readonly LedgerSnapshot Snapshot = new(
        [Sweep],
        [
            new JobSnapshot(Job, "Succeeded", 2, 1, "node-1/worker-0", "node-1", null, Result, null),
            new JobSnapshot(Job with { JobId = "77aa00" }, "Running", 1, 2, "node-2/worker-1", "node-2", Deadline, null, "lease expired"),
        ]);

    /// <summary>Keyed by type, so a test can check that every IGridMessage type has one.</summary>
    public static readonly IReadOnlyDictionary<Type, IGridMessage> ByType = new IGridMessage[]
    {
        Job,
        Result.Timings,
        Result,
        Result.Factors!,
        Sweep,
        new SubmitSweep(Sweep),
        new SweepAccepted("sweep-7", Jobs: 2, AlreadyDone: 1),
        new GetSweepProgress("sweep-7", ["si_sdr.mean", "f1"]),
        new SweepProgress("sweep-7", Total: 10, Succeeded: 4, Failed: 1, Running: 2, Pending: 3,
            SucceededPerHost: new Dictionary<string, int> { ["node-1"] = 3, ["node-2"] = 1 },
            Means: new Dictionary<string, double> { ["si_sdr.mean"] = -3.25, ["f1"] = 0.1 + 0.2 }),
        new RegisterWorker("node-1/worker-0", "node-1", Slots: 4, Prefetch: 16),
        new RequestWork("node-1/worker-0", FreeSlots: 2),
        WorkIsReady.Instance,
        new AssignJob(Job, Attempt: 2, LeaseDeadline: Deadline),
        Point,
        new AssignJobs([new AssignJob(Job, Attempt: 2, LeaseDeadline: Deadline), new AssignJob(Job with { JobId = "77aa01" }, 1, Deadline)], [Point]),
        new JobAttempt("3f9a1c", 2, "sweep-7"),
        new ReleaseJobs("node-1/worker-0", [new JobAttempt("77aa01", 1, "sweep-7")]),
        new JobHeartbeats("node-1/worker-0", [new JobAttempt("3f9a1c", 2, "sweep-7"), new JobAttempt("77aa01", 1)]),
        new JobSucceeded("3f9a1c", 2, "node-1/worker-0", Result, "sweep-7"),
        new JobFailed("3f9a1c", 2, "node-1/worker-0", "file not found: 'a.wav'\n  at Load()", Retryable: false, "sweep-7"),
        new JobOutcomes("node-1/worker-0", [new JobSucceeded("3f9a1c", 2, "node-1/worker-0", Result, "sweep-7")],
                        [new JobFailed("77aa01", 1, "node-1/worker-0", "NaN in V", Retryable: false)], FreeSlots: 3),
        new OutcomesAcknowledged([new JobAttempt("3f9a1c", 2, "sweep-7"), new JobAttempt("77aa01", 1)]),
        new SweepSubmitted(Sweep),
        new JobLeased("3f9a1c", 2, "node-1/worker-0", "node-1", Deadline),
        new JobsLeased([new JobLeased("3f9a1c", 2, "node-1/worker-0", "node-1", Deadline),
                        new JobLeased("77aa01", 1, "node-1/worker-0", "node-1", Deadline.AddSeconds(1))]),
        new LeaseExtended("3f9a1c", 2, Deadline.AddSeconds(30)),
        new JobCompleted("3f9a1c", 2, Result),
        new JobsCompleted([new JobCompleted("3f9a1c", 2, Result), new JobCompleted("77aa01", 1, Result with { Factors = null })]),
        new JobsReused("sweep-8", [new JobCompleted("3f9a1c", 2, Result)]),
        new JobAttemptFailed("3f9a1c", 2, "timeout", Final: true),
        new JobRequeued("3f9a1c", 3, "worker node-1 left the cluster"),
        new JobReleased("77aa01", 1),
        new SweepNotFound("sweep-8"),
        Snapshot.Jobs[0],
        Snapshot,
        new SweepStateSnapshot(
            Sweep with { Jobs = [], Points = [] },
            PackedPoints: [0x02, 0x7f],
            PackedJobs: [0x01, 0x00, 0xff, 0x7f, 0x80],
            Succeeded: [0b0000_0101],
            Open: [new OpenJobState(1, "Running", 1, 2, "node-2/worker-1", "node-2", Deadline, "lease expired"),
                   new OpenJobState(3, "Failed", 3, 0, null, null, null, "cancelled: Ütf ♪")],
            SucceededPerHost: new Dictionary<string, int> { ["node-1"] = 2 },
            MetricSums: new Dictionary<string, MetricSum> { ["sdr.vocals"] = new(0.1 + 0.2, 2), ["huge"] = new(double.MaxValue, 1) }),
        GetGridStatus.Instance,
        new WorkerStatus("node-1/worker-0", "node-1", 2, "akka.tcp://nmfgrid@node-1:4053/user/worker-0", Running: 1),
        new SweepStatus("sweep-7", "rank sweep", "transcription", "maps",
            new SweepProgress("sweep-7", 2, 1, 0, 1, 0, new Dictionary<string, int> { ["node-1"] = 1 })),
        new GridStatus(
            [new WorkerStatus("node-2/worker-1", "node-2", 1, "akka.tcp://nmfgrid@node-2:4053/user/worker-1", Running: 0)],
            [new SweepStatus("sweep-8", "Ütf ♪", "separation", "musdb18", new SweepProgress("sweep-8", 0, 0, 0, 0, 0, new Dictionary<string, int>()))]),
        new GetSweepResults("sweep-7", Offset: 200, Count: 100),
        new SweepResults("sweep-7", Offset: 0, Total: 2, Snapshot.Jobs),
        new LeaseWork("sweep-7", "node-1/worker-0", "node-1", Count: 3, "akka.tcp://nmfgrid@node-1:4053/user/worker-0"),
        new WorkLeased("sweep-7", "node-1/worker-0", Asked: 3, Leased: 1, Held: 2, Pending: 17, Share: 2),
        new SweepOutcomes("sweep-7", new JobOutcomes("node-1/worker-0", [new JobSucceeded("3f9a1c", 2, "node-1/worker-0", Result)], [], FreeSlots: 1)),
        new OutcomesStored("sweep-7", "node-1/worker-0", new OutcomesAcknowledged([new JobAttempt("3f9a1c", 2)]), Held: 0, Pending: 5, Share: 1),
        new SweepHeartbeats("sweep-7", new JobHeartbeats("node-1/worker-0", [new JobAttempt("3f9a1c", 2)])),
        new SweepReleases("sweep-7", new ReleaseJobs("node-1/worker-0", [new JobAttempt("77aa01", 1)])),
        new SweepWorkerLost("sweep-7", "node-1/worker-0", "node akka.tcp://nmfgrid@node-1:4053 unreachable"),
        new SweepOpenWork("sweep-7", Pending: 12, Running: 3, Share: 2),
        new GetSweepLedger("sweep-7"),
        new GetSweepStatus("sweep-7"),
        new RearmLeases("sweep-7"),
        new ImportSweep("sweep-7", Snapshot),
        new SweepImported(Snapshot),
        new LegacyJournalImported(["sweep-7", "sweep-8"]),
        new SweepEntityStarted("sweep-7"),
        new SweepEntityStopped("sweep-7"),
        new RememberedSweeps(["sweep-7", "Ütf ♪"], ["sweep-6", "sweep-7", "Ütf ♪"]),
        new CancelSweep("sweep-7", "cancelled from the results page"),
        new RetryFailedJobs("sweep-7"),
        new SweepActionDone("sweep-7", "retry", 3),
        new SweepCancelled("sweep-7", "cancelled from the results page"),
        new FailedJobsRetried("sweep-7"),
    }.ToDictionary(message => message.GetType());

    public static IEnumerable<object[]> All() => ByType.Values.Select(message => new object[] { message });

    public static IEnumerable<Type> GridMessageTypes() =>
        typeof(IGridMessage).Assembly.GetTypes()
            .Where(type => typeof(IGridMessage).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false });
}
