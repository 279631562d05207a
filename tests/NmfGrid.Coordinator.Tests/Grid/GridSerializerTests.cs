using NmfGrid.Coordinator.Sweeps;
using System.Runtime.CompilerServices;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Grid;

public sealed class GridSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("grid-serializer-tests");
    private readonly GridSerializer _serializer;

    public GridSerializerTests() => _serializer = new GridSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static IEnumerable<object[]> Messages() => GridMessageSamples.All();

    [Fact]
    public void Every_grid_message_type_has_a_manifest()
    {
        var missing = GridMessageSamples.GridMessageTypes().Where(type => !GridSerializer.Manifests.ContainsKey(type)).ToList();
        Assert.True(missing.Count == 0, "No manifest in GridSerializer.Manifests for: " + string.Join(", ", missing.Select(t => t.Name)));
    }

    [Fact]
    public void Every_grid_message_type_has_a_round_trip_sample()
    {
        var missing = GridMessageSamples.GridMessageTypes().Where(type => !GridMessageSamples.ByType.ContainsKey(type)).ToList();
        Assert.True(missing.Count == 0, "No sample in GridMessageSamples for: " + string.Join(", ", missing.Select(t => t.Name)));
    }

    [Fact]
    public void Manifests_are_unique_and_versioned()
    {
        var manifests = GridSerializer.Manifests.Values.ToList();
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.All(manifests, manifest => Assert.Matches(@"^[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$", manifest));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_round_trips_exactly_through_GridSerializer(IGridMessage message)
    {
        var manifest = _serializer.Manifest(message);
        var back = _serializer.FromBinary(_serializer.ToBinary(message), manifest);
        Structural.AssertEqual(message, back);
    }

    /// <summary>
    /// What is written today must be readable tomorrow: journals outlive builds. Each fixture holds the bytes
    /// this build writes for the sample; changing a record's shape must come with a new manifest version.
    /// Regenerate with NMFGRID_UPDATE_GRID_FIXTURES=1 only for a new manifest.
    /// </summary>
    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_bytes_match_the_committed_fixture_for_its_manifest(IGridMessage message)
    {
        var manifest = _serializer.Manifest(message);
        var bytes = _serializer.ToBinary(message);
        if (Environment.GetEnvironmentVariable("NMFGRID_UPDATE_GRID_FIXTURES") == "1")
            File.WriteAllBytes(Path.Combine(SourceFixtures(), manifest + ".json"), bytes);

        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "GridMessages", manifest + ".json");
        Assert.True(File.Exists(fixture), $"No fixture for manifest '{manifest}': {fixture}");
        var committed = File.ReadAllBytes(fixture);
        Assert.Equal(Encoding.UTF8.GetString(committed), Encoding.UTF8.GetString(bytes));
        Structural.AssertEqual(message, _serializer.FromBinary(committed, manifest));
    }

    [Fact]
    public void Metrics_keep_NaN_and_infinities_as_named_literals()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(GridMessageSamples.Result));
        Assert.Contains("\"sdr.silence\":\"NaN\"", json);
        Assert.Contains("\"sir.bass\":\"Infinity\"", json);
        Assert.Contains("\"sar.drums\":\"-Infinity\"", json);
    }

    [Fact]
    public void The_singleton_WorkIsReady_reads_back_as_the_singleton()
    {
        var back = _serializer.FromBinary(_serializer.ToBinary(WorkIsReady.Instance), "work-is-ready.v1");
        Assert.Same(WorkIsReady.Instance, back);
    }

    [Fact]
    public void Unknown_manifest_is_rejected_naming_it()
    {
        var e = Assert.Throws<SerializationException>(() => _serializer.FromBinary("{}"u8.ToArray(), "job-spec.v9"));
        Assert.Contains("'job-spec.v9'", e.Message);
    }

    [Fact]
    public void Type_without_manifest_is_rejected_naming_it()
    {
        var e = Assert.Throws<SerializationException>(() => _serializer.ToBinary(new NotInTheTable("x")));
        Assert.Contains(typeof(NotInTheTable).FullName!, e.Message);
        Assert.Throws<SerializationException>(() => _serializer.Manifest("a string"));
    }

    [Fact]
    public void Missing_member_is_rejected_not_defaulted()
    {
        var e = Assert.Throws<SerializationException>(() =>
            _serializer.FromBinary("""{"JobId":"a"}"""u8.ToArray(), "job-attempt.v1"));
        Assert.Contains("'job-attempt.v1'", e.Message);
    }

    [Fact]
    public void Null_for_a_non_nullable_member_is_rejected()
    {
        var e = Assert.Throws<SerializationException>(() =>
            _serializer.FromBinary("""{"JobId":null,"Attempt":1}"""u8.ToArray(), "job-attempt.v1"));
        Assert.Contains("'job-attempt.v1'", e.Message);
    }

    [Fact]
    public void Unknown_member_is_rejected()
    {
        var e = Assert.Throws<SerializationException>(() =>
            _serializer.FromBinary("""{"JobId":"a","Attempt":1,"Extra":true}"""u8.ToArray(), "job-attempt.v1"));
        Assert.Contains("Extra", e.Message);
    }

    /// <summary>Journals written before JobResult.Factors existed: their v1 fixtures still read, with no factors.</summary>
    [Theory]
    [InlineData("job-result.v1")]
    [InlineData("job-succeeded.v1")]
    [InlineData("job-completed.v1")]
    [InlineData("job-snapshot.v1")]
    [InlineData("ledger-snapshot.v1")]
    public void Legacy_manifests_still_read_their_committed_fixture(string manifest)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "GridMessages", manifest + ".json"));
        var message = _serializer.FromBinary(bytes, manifest);
        Assert.IsType(GridSerializer.LegacyManifests[manifest], message);
        var result = message switch
        {
            JobResult r => r,
            JobSucceeded s => s.Result,
            JobCompleted c => c.Result,
            JobSnapshot j => j.Result!,
            LedgerSnapshot l => l.Jobs[0].Result!,
            _ => throw new InvalidOperationException(manifest),
        };
        Assert.Null(result.Factors);
        Assert.Equal(GridMessageSamples.Result.Metrics["sdr.vocals"], result.Metrics["sdr.vocals"]);
        // Read as today's type, it is written under today's manifest.
        Assert.NotEqual(manifest, _serializer.Manifest(message));
        Assert.Contains(_serializer.Manifest(message), GridSerializer.Manifests.Values);
    }

    /// <summary>Worker messages and outboxes written before jobs named their sweep: they still read, with no sweep named.</summary>
    [Theory]
    [InlineData("job-attempt.v1")]
    [InlineData("job-succeeded.v2")]
    [InlineData("job-failed.v1")]
    [InlineData("job-heartbeats.v1")]
    [InlineData("release-jobs.v1")]
    [InlineData("job-outcomes.v1")]
    [InlineData("outcomes-acknowledged.v1")]
    public void Worker_messages_from_before_sweep_ids_still_read_naming_no_sweep(string manifest)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "GridMessages", manifest + ".json"));
        var message = _serializer.FromBinary(bytes, manifest);
        Assert.IsType(GridSerializer.LegacyManifests[manifest], message);
        IEnumerable<string?> sweeps = message switch
        {
            JobAttempt a => [a.SweepId],
            IJobOutcome o => [o.SweepId],
            JobHeartbeats h => h.Attempts.Select(a => a.SweepId),
            ReleaseJobs r => r.Attempts.Select(a => a.SweepId),
            JobOutcomes o => o.Succeeded.Concat<IJobOutcome>(o.Failed).Select(x => x.SweepId),
            OutcomesAcknowledged a => a.Attempts.Select(x => x.SweepId),
            _ => throw new InvalidOperationException(manifest),
        };
        Assert.All(sweeps, Assert.Null);
        Assert.NotEqual(manifest, _serializer.Manifest(message));
    }

    /// <summary>
    /// Journals written before configuration points: each job carried its whole config. The ledger reads them into points
    /// (one per point index, its jobs' config) and jobs that refer to them, so they run and report as before.
    /// </summary>
    [Fact]
    public void A_journal_from_before_points_is_read_into_points()
    {
        SweepSubmitted Read(string manifest) => (SweepSubmitted)_serializer.FromBinary(
            File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "GridMessages", manifest + ".json")), manifest);
        var legacy = Read("sweep-submitted.v1");
        Assert.Null(legacy.Sweep.Points);
        Assert.All(legacy.Sweep.Jobs, j => Assert.NotNull(j.ConfigJson));

        var ledger = new SweepLedger();
        ledger.Apply(legacy);
        var sweep = ledger.Sweeps[legacy.Sweep.SweepId];
        Assert.Equal([4, 5], sweep.Points!.Select(p => p.Index));
        Assert.All(sweep.Jobs, j => Assert.Null(j.ConfigJson));
        Assert.All(ledger.Jobs.Values, e => Assert.Null(e.Spec.ConfigJson));
        foreach (var job in legacy.Sweep.Jobs)
        {
            Assert.Equal(job.ConfigJson, sweep.PointOf(job).ConfigJson);
        }

        // Its snapshot holds no config per job, and reads back the same.
        var snapshot = ledger.ToSnapshot();
        Assert.All(snapshot.Jobs, j => Assert.Null(j.Spec.ConfigJson));
        var restored = SweepLedger.FromSnapshot((LedgerSnapshot)_serializer.FromBinary(_serializer.ToBinary(snapshot), _serializer.Manifest(snapshot)));
        Assert.Equal(sweep.Points, restored.Sweeps[sweep.SweepId].Points);

        // A snapshot from before points is converted the same way.
        var old = (LedgerSnapshot)_serializer.FromBinary(
            File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "GridMessages", "ledger-snapshot.v2.json")), "ledger-snapshot.v2");
        var converted = SweepLedger.FromSnapshot(old);
        Assert.All(converted.Jobs.Values, e => Assert.Null(e.Spec.ConfigJson));
        Assert.All(converted.Sweeps.Values, s => Assert.All(s.Jobs, j => Assert.Equal(old.Sweeps[0].Jobs.First(o => o.JobId == j.JobId).ConfigJson,
                                                                                          s.PointOf(j).ConfigJson)));
    }

    [Fact]
    public void Identifier_is_the_stable_constant_4711() => Assert.Equal(4711, _serializer.Identifier);

    private sealed record NotInTheTable(string Value) : IGridMessage;

    private static string SourceFixtures([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Fixtures", "GridMessages");
}
