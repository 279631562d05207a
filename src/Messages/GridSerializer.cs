using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace NmfGrid.Messages;

/// <summary>
/// Serializes every <see cref="IGridMessage"/> as System.Text.Json under an explicit, versioned manifest.
/// Manifests come from a fixed table, never from type names, so renaming or moving a record cannot silently
/// change what is on the wire or in the journal. A changed record shape gets a new manifest (".v2") and the
/// old entry stays readable.
/// </summary>
public sealed class GridSerializer : SerializerWithStringManifest
{
    /// <summary>Stable for the life of every journal written with it; 0–100 are reserved by Akka.</summary>
    public const int SerializerId = 4711;

    /// <summary>Every grid message type and its manifest. A new IGridMessage type must be added here.</summary>
    public static readonly FrozenDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(JobSpec)] = "job-spec.v2", // v1 had every job's ConfigJson (now its PointSpec's)
        [typeof(PointSpec)] = "point-spec.v1",
        [typeof(StageTimings)] = "stage-timings.v1",
        [typeof(JobResult)] = "job-result.v2", // v1 had no JobResult.Factors
        [typeof(SweepDefinition)] = "sweep-definition.v2", // v1 had no Points
        [typeof(SubmitSweep)] = "submit-sweep.v2",
        [typeof(SweepAccepted)] = "sweep-accepted.v1",
        [typeof(GetSweepProgress)] = "get-sweep-progress.v2", // v1 had no Metrics
        [typeof(SweepProgress)] = "sweep-progress.v2", // v1 had no Means
        [typeof(SweepNotFound)] = "sweep-not-found.v1",
        [typeof(RegisterWorker)] = "register-worker.v2", // v1 had no Prefetch
        [typeof(RequestWork)] = "request-work.v1",
        [typeof(WorkIsReady)] = "work-is-ready.v1",
        [typeof(AssignJob)] = "assign-job.v2",
        [typeof(AssignJobs)] = "assign-jobs.v2", // v1 had no Points
        [typeof(JobAttempt)] = "job-attempt.v2", // v1 had no SweepId
        [typeof(JobHeartbeats)] = "job-heartbeats.v2", // v1's attempts had no SweepId
        [typeof(ReleaseJobs)] = "release-jobs.v2", // v1's attempts had no SweepId
        [typeof(JobSucceeded)] = "job-succeeded.v3", // v1 had no JobResult.Factors, v2 no SweepId
        [typeof(JobFailed)] = "job-failed.v2", // v1 had no SweepId
        [typeof(JobOutcomes)] = "job-outcomes.v2", // v1's outcomes had no SweepId
        [typeof(OutcomesAcknowledged)] = "outcomes-acknowledged.v2", // v1's attempts had no SweepId
        [typeof(SweepSubmitted)] = "sweep-submitted.v2",
        [typeof(JobLeased)] = "job-leased.v1",
        [typeof(JobsLeased)] = "jobs-leased.v1",
        [typeof(LeaseExtended)] = "lease-extended.v1",
        [typeof(JobCompleted)] = "job-completed.v2", // v1 had no JobResult.Factors
        [typeof(JobsCompleted)] = "jobs-completed.v1",
        [typeof(JobsReused)] = "jobs-reused.v1",
        [typeof(JobAttemptFailed)] = "job-attempt-failed.v1",
        [typeof(JobRequeued)] = "job-requeued.v1",
        [typeof(JobReleased)] = "job-released.v1",
        [typeof(LedgerSnapshot)] = "ledger-snapshot.v3", // v1 had no JobResult.Factors, v2 no SweepDefinition.Points
        [typeof(SweepStateSnapshot)] = "sweep-state-snapshot.v1", // an entity's snapshot since issue 16 (was a LedgerSnapshot)
        [typeof(JobSnapshot)] = "job-snapshot.v3", // v1 had no JobResult.Factors, v2 a ConfigJson on its spec
        [typeof(FactorPreview)] = "factor-preview.v1",
        [typeof(GetGridStatus)] = "get-grid-status.v1",
        [typeof(GridStatus)] = "grid-status.v2",
        [typeof(WorkerStatus)] = "worker-status.v1",
        [typeof(SweepStatus)] = "sweep-status.v2",
        [typeof(GetSweepResults)] = "get-sweep-results.v1",
        [typeof(SweepResults)] = "sweep-results.v2",
        [typeof(LeaseWork)] = "lease-work.v1",
        [typeof(WorkLeased)] = "work-leased.v1",
        [typeof(SweepOutcomes)] = "sweep-outcomes.v1",
        [typeof(OutcomesStored)] = "outcomes-stored.v1",
        [typeof(SweepHeartbeats)] = "sweep-heartbeats.v1",
        [typeof(SweepReleases)] = "sweep-releases.v1",
        [typeof(SweepWorkerLost)] = "sweep-worker-lost.v1",
        [typeof(SweepOpenWork)] = "sweep-open-work.v1",
        [typeof(GetSweepLedger)] = "get-sweep-ledger.v1",
        [typeof(GetSweepStatus)] = "get-sweep-status.v1",
        [typeof(RearmLeases)] = "rearm-leases.v1",
        [typeof(ImportSweep)] = "import-sweep.v1",
        [typeof(SweepImported)] = "sweep-imported.v1",
        [typeof(LegacyJournalImported)] = "legacy-journal-imported.v1",
        [typeof(SweepEntityStarted)] = "sweep-entity-started.v1",
        [typeof(SweepEntityStopped)] = "sweep-entity-stopped.v1",
        [typeof(RememberedSweeps)] = "remembered-sweeps.v1",
        [typeof(CancelSweep)] = "cancel-sweep.v1",
        [typeof(RetryFailedJobs)] = "retry-failed-jobs.v1",
        [typeof(SweepActionDone)] = "sweep-action-done.v1",
        [typeof(SweepCancelled)] = "sweep-cancelled.v1",
        [typeof(FailedJobsRetried)] = "failed-jobs-retried.v1",
    }.ToFrozenDictionary();

    /// <summary>
    /// Manifests no longer written but still read (journals outlive builds). Each maps to today's type, which
    /// reads the old shape because what was added since has a default.
    /// </summary>
    public static readonly FrozenDictionary<string, Type> LegacyManifests = new Dictionary<string, Type>
    {
        ["job-result.v1"] = typeof(JobResult),
        ["job-succeeded.v1"] = typeof(JobSucceeded),
        ["job-succeeded.v2"] = typeof(JobSucceeded),
        ["job-attempt.v1"] = typeof(JobAttempt),
        ["job-failed.v1"] = typeof(JobFailed),
        ["job-heartbeats.v1"] = typeof(JobHeartbeats),
        ["release-jobs.v1"] = typeof(ReleaseJobs),
        ["job-outcomes.v1"] = typeof(JobOutcomes),
        ["outcomes-acknowledged.v1"] = typeof(OutcomesAcknowledged),
        ["job-completed.v1"] = typeof(JobCompleted),
        ["ledger-snapshot.v1"] = typeof(LedgerSnapshot),
        ["ledger-snapshot.v2"] = typeof(LedgerSnapshot),
        ["job-spec.v1"] = typeof(JobSpec),
        ["sweep-definition.v1"] = typeof(SweepDefinition),
        ["sweep-submitted.v1"] = typeof(SweepSubmitted),
        ["submit-sweep.v1"] = typeof(SubmitSweep),
        ["job-snapshot.v1"] = typeof(JobSnapshot),
        ["job-snapshot.v2"] = typeof(JobSnapshot),
        ["get-sweep-progress.v1"] = typeof(GetSweepProgress),
        ["sweep-progress.v1"] = typeof(SweepProgress),
        ["sweep-status.v1"] = typeof(SweepStatus),
        ["grid-status.v1"] = typeof(GridStatus),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Type> TypesByManifest =
        Manifests.Select(pair => KeyValuePair.Create(pair.Value, pair.Key)).Concat(LegacyManifests)
            .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Metrics may be NaN or ±∞ (an SDR of silence), so named literals are allowed. Doubles are written in
    /// shortest round-trip form, TimeSpan and DateTimeOffset in invariant round-trip form: reading back gives
    /// the same bits. Missing or null members and unknown members are errors, not defaults.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IgnoreReadOnlyProperties = true, // computed members such as SweepProgress.Finished
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // Bytes go to peers and the journal, never into HTML: escape only what JSON requires, keeping ConfigJson compact.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public GridSerializer(ExtendedActorSystem system) : base(system) { }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException(
                $"GridSerializer has no manifest for type '{o.GetType().FullName}'; add it to GridSerializer.Manifests.");

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj); // unknown types fail here, naming the type
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), JsonOptions);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!TypesByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"GridSerializer does not know manifest '{manifest}'.");
        if (type == typeof(WorkIsReady))
            return WorkIsReady.Instance;
        if (type == typeof(GetGridStatus))
            return GetGridStatus.Instance;
        try
        {
            return JsonSerializer.Deserialize(bytes, type, JsonOptions)
                   ?? throw new SerializationException($"GridSerializer read null for manifest '{manifest}'.");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"GridSerializer could not read manifest '{manifest}': {e.Message}", e);
        }
    }
}
