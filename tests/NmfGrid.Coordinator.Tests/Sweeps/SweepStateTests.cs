using System.Text.Json;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>
/// The sweep entity's bounded hot state (issue 16 §1): it decides as the whole-history <see cref="SweepLedger"/> does, and
/// its snapshot is bounded by the sweep's open work, not by how many of its jobs finished.
/// </summary>
public class SweepStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A result the size of a real one: a dozen metrics and a loss history of 200 iterations.</summary>
    private static JobResult RealisticResult(int i) => new(
        Enumerable.Range(0, 12).ToDictionary(m => $"sdr.stem{m}", m => i * 0.1 + m),
        new StageTimings(0.1, 0.2, 0.3, 0.4, 1.0), 200, 0.5, Enumerable.Range(0, 200).Select(k => 1.0 / (k + 1)).ToArray(),
        "managed", 1, "host-a", "host-a/worker-0");

    private static byte[] Serialized(object snapshot) => JsonSerializer.SerializeToUtf8Bytes(snapshot, snapshot.GetType(), GridSerializer.JsonOptions);

    /// <summary>A sweep of open + finished jobs: every job leased, the first <paramref name="finished"/> succeeded.</summary>
    private static (SweepState State, SweepLedger Ledger) Run(int finished, int open)
    {
        var sweep = SweepLedgerTests.Sweep("s", finished + open, prefix: "0123456789abcdef-");
        var state = new SweepState();
        var ledger = new SweepLedger();
        void Apply(ISweepEvent e)
        {
            state.Apply(e);
            ledger.Apply(e);
        }
        Apply(new SweepSubmitted(sweep));
        var leases = new List<JobLeased>();
        while (state.DecideLease("w1", "host-a", T0) is { } lease)
        {
            Apply(lease);
            leases.Add(lease);
        }
        Apply(new JobsCompleted(leases.Take(finished).Select((l, i) => state.DecideSuccess(l.JobId, l.Attempt, RealisticResult(i))!).ToArray()));
        return (state, ledger);
    }

    [Fact]
    public void A_snapshot_does_not_grow_with_finished_jobs_of_the_same_open_work()
    {
        var (few, fewLedger) = Run(finished: 200, open: 100);
        var (many, manyLedger) = Run(finished: 2_000, open: 100);
        Assert.Equal((100, 100), (few.OpenCount, many.OpenCount));

        var grown = Serialized(many.ToSnapshot()).Length - Serialized(few.ToSnapshot()).Length;
        // 1,800 more finished jobs add their packed specs (a job id, a track, a seed: under 32 bytes each) and their bits,
        // none of their results; the whole ledger an entity stored before grew by each job's result (about 4 KB here).
        Assert.True(grown < 1_800 * 32, $"the snapshot grew by {grown} bytes for 1,800 more finished jobs");
        var ledgerGrown = Serialized(manyLedger.SnapshotOf("s")!).Length - Serialized(fewLedger.SnapshotOf("s")!).Length;
        Assert.True(ledgerGrown > 1_800 * 1_000, $"the whole ledger grew by {ledgerGrown} bytes only");
    }

    [Fact]
    public void A_sweeps_snapshot_does_not_grow_as_its_jobs_finish()
    {
        var (early, _) = Run(finished: 200, open: 2_000);
        var (late, _) = Run(finished: 2_000, open: 200);
        Assert.True(Serialized(late.ToSnapshot()).Length <= Serialized(early.ToSnapshot()).Length + 1_024);
    }

    [Fact]
    public void Decisions_and_progress_match_the_whole_ledger_through_a_random_run_and_snapshots()
    {
        var random = new Random(16);
        var sweep = SweepLedgerTests.Sweep("s", 60, maxAttempts: 2);
        var state = new SweepState();
        var ledger = new SweepLedger();
        var now = T0;
        var (restarts, retries) = (0, 0);
        void Apply(ISweepEvent e)
        {
            state.Apply(e);
            ledger.Apply(e);
        }
        Apply(new SweepSubmitted(sweep with { Jobs = sweep.Jobs.Take(40).ToArray() }));
        Apply(new SweepSubmitted(sweep));
        for (var step = 0; step < 600; step++)
        {
            now += TimeSpan.FromSeconds(1);
            var running = ledger.Running.OrderBy(e => e.Spec.JobId, StringComparer.Ordinal).ToArray();
            var pick = running.Length > 0 ? running[random.Next(running.Length)] : null;
            var worker = $"w{random.Next(3)}";
            switch (random.Next(10))
            {
                case < 4:
                    var lease = ledger.DecideLease(worker, "h", now);
                    Assert.Equal(lease, state.DecideLease(worker, "h", now));
                    if (lease is not null) Apply(lease);
                    break;
                case < 6 when pick is not null:
                    var result = SweepLedgerTests.Result(pick.WorkerId!, step);
                    var done = ledger.DecideSuccess(pick.Spec.JobId, pick.Attempt, result);
                    Assert.Equal(done, state.DecideSuccess(pick.Spec.JobId, pick.Attempt, result));
                    Apply(done!);
                    break;
                case 6 when pick is not null:
                    var retryable = random.Next(2) == 0;
                    var failed = ledger.DecideFailure(pick.Spec.JobId, pick.Attempt, "boom", retryable);
                    Assert.Equal(failed, state.DecideFailure(pick.Spec.JobId, pick.Attempt, "boom", retryable));
                    Apply(failed!);
                    break;
                case 7 when pick is not null:
                    var released = ledger.DecideRelease(pick.Spec.JobId, pick.Attempt, pick.WorkerId!);
                    Assert.Equal(released, state.DecideRelease(pick.Spec.JobId, pick.Attempt, pick.WorkerId!));
                    Apply(released!);
                    break;
                case 8:
                    var lost = ledger.DecideWorkerLost(worker, "gone");
                    Assert.Equal(lost.ToHashSet(), state.DecideWorkerLost(worker, "gone").ToHashSet());
                    foreach (var e in lost.OrderBy(e => e.ToString(), StringComparer.Ordinal)) Apply(e);
                    break;
                case 9 when random.Next(8) == 0:
                    var retried = ledger.DecideRetryFailed("s");
                    Assert.Equal(retried, state.DecideRetryFailed("s"));
                    if (retried is not null) Apply(retried);
                    if (retried is not null) retries++;
                    else if (random.Next(4) == 0 && ledger.DecideCancel("s", "enough") is { } cancelled) Apply(cancelled);
                    break;
                case 9 when random.Next(4) == 0:
                    // A restart: the entity recovers from its snapshot (as the journal stores it) and goes on from there; the
                    // whole ledger from its own (both queue their pending jobs in sweep order then).
                    ledger = SweepLedger.FromSnapshot(ledger.ToSnapshot());
                    restarts++;
                    state = SweepState.FromSnapshot(JsonSerializer.Deserialize<SweepStateSnapshot>(Serialized(state.ToSnapshot()), GridSerializer.JsonOptions)!);
                    break;
            }
            var (expected, actual) = (ledger.Progress("s", ["sdr"]), state.Progress(["sdr"]));
            Assert.Equal((expected.Total, expected.Succeeded, expected.Failed, expected.Running, expected.Pending),
                         (actual.Total, actual.Succeeded, actual.Failed, actual.Running, actual.Pending));
            Assert.Equal(expected.SucceededPerHost.OrderBy(p => p.Key), actual.SucceededPerHost.OrderBy(p => p.Key));
            Assert.Equal(expected.Means!.Keys, actual.Means!.Keys);
            foreach (var (metric, mean) in expected.Means) Assert.Equal(mean, actual.Means[metric], 9);
            Assert.Equal(ledger.Running.Select(e => e with { Result = null }).OrderBy(e => e.Spec.JobId, StringComparer.Ordinal),
                         state.Running.OrderBy(e => e.Spec.JobId, StringComparer.Ordinal));
        }
        Assert.True(ledger.Progress("s").Succeeded > 10);
        Assert.True(restarts > 2 && retries > 0, $"{restarts} restarts, {retries} retries");
    }

    [Fact]
    public void An_entity_snapshot_of_earlier_builds_gives_the_same_state_as_its_events()
    {
        var (state, ledger) = Run(finished: 5, open: 3);
        var restored = SweepState.FromLedger(ledger.SnapshotOf("s")!);
        Assert.Equal(state.Progress(["sdr.stem0"]) with { SucceededPerHost = null!, Means = null },
                     restored.Progress(["sdr.stem0"]) with { SucceededPerHost = null!, Means = null });
        Assert.Equal(state.Progress(["sdr.stem0"]).Means, restored.Progress(["sdr.stem0"]).Means);
        Assert.Equal(state.Running.OrderBy(e => e.Spec.JobId), restored.Running.OrderBy(e => e.Spec.JobId));
    }

    [Fact]
    public void Packed_jobs_read_back_exactly()
    {
        var jobs = new[]
        {
            new JobSpec("3f9a1c", "sweep-7", 4, "algorithm=mu,rank=32", "maps", "MAPS_MUS-chpn_op25_e4_ENSTDkAm", -2_017_389_211),
            new JobSpec("77aa00", "sweep-7", 5, "Ütf ♪", "maps", "MAPS_MUS-chpn_op25_e4_ENSTDkAm", int.MaxValue),
            new JobSpec("", "sweep-7", 0, "", "", "", int.MinValue),
        };
        Assert.Equal(jobs, PackedJobs.Unpack(PackedJobs.Pack(jobs)));
        PointSpec[] points = [new("sweep-7", 4, "algorithm=mu,rank=32", """{"rank":32,"name":"Ütf-8 ♪"}"""), new("sweep-7", 0, "", "")];
        Assert.Equal(points, PackedJobs.UnpackPoints(PackedJobs.PackPoints(points)));
    }
}
