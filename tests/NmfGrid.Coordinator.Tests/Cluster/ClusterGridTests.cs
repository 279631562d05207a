using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Tests.Grid;
using NmfGrid.Coordinator.Tests.Sweeps;
using NmfGrid.Messages;
using Xunit.Abstractions;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// The grid as a cluster: a coordinator member hosting the singleton, worker nodes, all in this process on
/// loopback with real sockets. Patience values are guards against a hang, not measurements.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterGridTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    /// <summary>A runner that takes a little time per job, so that both nodes get a share.</summary>
    private static CountingRunner Slow(int milliseconds = 40) => new((_, _) =>
    {
        Thread.Sleep(milliseconds);
        return null;
    });

    private static async Task<LedgerSnapshot> Ledger(ClusterMember via, SweepDefinition sweep) => await ClusterGridClient.Of(via).Results(sweep);

    [Fact]
    public async Task Jobs_spread_over_two_worker_nodes_and_each_runs_once()
    {
        var coordinator = await _cluster.Coordinator();
        var (a, b) = (Slow(), Slow());
        await _cluster.Node(a);
        await _cluster.Node(b);
        var client = await _cluster.Client();
        var sweep = ClusterTestbed.Sweep(24);

        var accepted = await client.Submit(sweep);
        Assert.Equal((24, 0), (accepted.Jobs, accepted.AlreadyDone));
        await ClusterTestbed.Finished(client.Member, sweep.SweepId, Patience);

        var ledger = await Ledger(client.Member, sweep);
        Assert.Equal(24, ledger.Jobs.Count);
        Assert.All(ledger.Jobs, j => Assert.Equal("Succeeded", j.Status));
        Assert.True(a.Runs.Count > 0 && b.Runs.Count > 0, $"node a ran {a.Runs.Count}, node b {b.Runs.Count}");
        Assert.Equal(24, a.Runs.Count + b.Runs.Count);
        Assert.All(a.Runs.Concat(b.Runs), run => Assert.Equal(1, run.Value));
        Assert.Empty(a.Runs.Keys.Intersect(b.Runs.Keys));
        Assert.Equal(2, ledger.Jobs.Select(j => j.Host).Distinct().Count());
        var status = await ClusterGridClient.Of(coordinator).Status();
        Assert.Equal(4, status.Workers.Count);
        Assert.Equal(24, Assert.Single(status.Sweeps).Progress.Succeeded);
    }

    [Fact]
    public async Task A_dead_nodes_jobs_are_requeued_and_every_job_completes_exactly_once()
    {
        var coordinator = await _cluster.Coordinator();
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listener = coordinator.System.ActorOf(Akka.Actor.Props.Create(() => new EventListener(events)));
        coordinator.System.EventStream.Subscribe(listener, typeof(ISweepEvent));
        var hanging = new HangingRunner();
        var doomed = await _cluster.Node(hanging);
        var sweep = ClusterTestbed.Sweep(8);
        await ClusterGridClient.Of(coordinator).Submit(sweep);
        await WaitFor(() => hanging.Started.Count == 2, "the doomed node to start two jobs");
        var survivor = Slow(10);
        await _cluster.Node(survivor, workers: 1);

        var killed = DateTime.UtcNow;
        await _cluster.Kill(doomed);
        await ClusterTestbed.Finished(coordinator, sweep.SweepId, Patience);

        var ledger = await Ledger(coordinator, sweep);
        Assert.All(ledger.Jobs, j => Assert.Equal("Succeeded", j.Status));
        Assert.Equal(8, survivor.Runs.Count);
        Assert.All(survivor.Runs, run => Assert.Equal(1, run.Value));
        foreach (var id in hanging.Started)
        {
            var job = ledger.Jobs.Single(j => j.Spec.JobId == id);
            Assert.True(job.Attempt == 2, $"{id}: attempt {job.Attempt}, worker {job.WorkerId}\n{string.Join("\n", events)}"); // the dead node's, then the survivor's
        }
        log.WriteLine($"dead node's jobs finished elsewhere {(DateTime.UtcNow - killed).TotalSeconds:0.0} s after the kill (stable-after 2 s in tests)");
    }

    [Fact]
    public async Task The_results_table_of_a_cluster_sweep_holds_one_row_per_job_from_a_SQLite_journal() =>
        await Results_table_of_a_cluster_sweep();

    [PostgresFact]
    public async Task The_results_table_of_a_cluster_sweep_holds_one_row_per_job_in_PostgreSQL()
    {
        _cluster.Database = GridPersistenceOptions.Postgres(PostgresFactAttribute.ConnectionString!);
        await Results_table_of_a_cluster_sweep();
    }

    /// <summary>No client and no report: the coordinator member alone writes the table, while the sweep runs.</summary>
    private async Task Results_table_of_a_cluster_sweep()
    {
        var coordinator = await _cluster.Coordinator();
        await _cluster.Node(Slow(10));
        var sweep = ClusterTestbed.Sweep(12, id: UniqueSweepId());
        await ClusterGridClient.Of(coordinator).Submit(sweep);
        await ClusterTestbed.Finished(coordinator, sweep.SweepId, Patience);

        var rows = await ResultRows(sweep.SweepId, count: 12);
        Assert.Equal(sweep.Jobs.Select(j => j.JobId).Order(StringComparer.Ordinal), rows.Select(r => r.JobId).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(("succeeded", 1), (r.Status, r.Attempt)));
        var ledger = await Ledger(coordinator, sweep);
        Assert.Equal(ledger.Jobs.ToDictionary(j => j.Spec.JobId, j => j.Result!.Metrics["score"]), rows.ToDictionary(r => r.JobId, r => r.Metrics["score"]));
    }

    [PostgresFact]
    public async Task A_report_read_from_the_PostgreSQL_journal_of_a_running_cluster_holds_every_job_and_disturbs_nothing()
    {
        _cluster.Database = GridPersistenceOptions.Postgres(PostgresFactAttribute.ConnectionString!);
        var coordinator = await _cluster.Coordinator();
        await _cluster.Node(Slow(5));
        var outputs = Path.Combine(_cluster.Root, "outputs");
        var sweep = WritingTo(ClusterTestbed.Sweep(6, id: UniqueSweepId()), outputs);
        await ClusterGridClient.Of(coordinator).Submit(sweep);
        await ClusterTestbed.Finished(coordinator, sweep.SweepId, Patience);

        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await NmfGrid.Coordinator.Commands.ReportCommand.Write(_cluster.Database, sweep.SweepId[..6], output, error, _cluster.PersistenceId);

        Assert.True(code == 0, error.ToString());
        var folder = Path.Combine(outputs, sweep.Task, sweep.Dataset, sweep.SweepId);
        var rows = File.ReadAllLines(Path.Combine(folder, "results.csv")).Skip(1).ToArray();
        Assert.Equal(sweep.Jobs.Select(j => j.JobId).Order(StringComparer.Ordinal),
                     sweep.Jobs.Select(j => j.JobId).Where(id => rows.Any(r => r.Contains(id))).Order(StringComparer.Ordinal));
        Assert.Contains(folder, output.ToString());
        // The look appended nothing behind the live coordinator (a clash of sequence numbers would stop it): the
        // next sweep still runs to the end.
        var next = WritingTo(ClusterTestbed.Sweep(4, id: UniqueSweepId()), outputs);
        await ClusterGridClient.Of(coordinator).Submit(next);
        Assert.Equal(4, (await ClusterTestbed.Finished(coordinator, next.SweepId, Patience)).Succeeded);
    }

    [Fact]
    public async Task A_report_from_an_unreachable_PostgreSQL_names_host_port_and_database_and_exits_2()
    {
        var error = new StringWriter();
        var code = await Program.Build()
            .Parse(["report", "s", "--postgres", "Host=127.0.0.1;Port=1;Database=grid;Username=u;Timeout=5"])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Contains("host '127.0.0.1', port 1, database 'grid'", error.ToString());
    }

    [Fact]
    public async Task A_report_given_a_password_on_its_command_line_is_refused_without_showing_it()
    {
        // ps shows every process's command line to every user of the machine.
        var error = new StringWriter();
        var code = await Program.Build()
            .Parse(["report", "s", "--postgres", "Host=127.0.0.1;Port=1;Database=grid;Username=u;Password=hunter2-secret;Timeout=5"])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Contains("report: --postgres: the connection string holds a password", error.ToString());
        Assert.Contains("PGPASSWORD", error.ToString());
        Assert.DoesNotContain("hunter2", error.ToString());
    }

    [Fact]
    public async Task A_report_given_both_a_SQLite_file_and_PostgreSQL_is_refused()
    {
        var error = new StringWriter();
        var code = await Program.Build()
            .Parse(["report", "s", "--database", "x.db", "--postgres", "Host=127.0.0.1"])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Contains("--database and --postgres", error.ToString());
    }

    /// <summary>The sweep with each point's config sending its report under <paramref name="outputs"/>.</summary>
    private static SweepDefinition WritingTo(SweepDefinition sweep, string outputs) => sweep with
    {
        Points = sweep.Points!.Select(p => p with
        {
            ConfigJson = global::System.Text.Json.JsonSerializer.Serialize(new { run = new { output_dir = outputs } }),
        }).ToArray(),
    };

    /// <summary>Unique per test: tests share one PostgreSQL results table.</summary>
    private static string UniqueSweepId() => "s-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Polls the results table (the projector polls the journal) until the sweep's jobs have all succeeded there.</summary>
    private async Task<IReadOnlyList<ResultRow>> ResultRows(string sweepId, int count)
    {
        var store = ResultsStore.Open(_cluster.Database);
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<ResultRow> rows;
        while ((rows = store.Rows(sweepId)).Count(r => r.Status == "succeeded") < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        return rows;
    }

    [Fact]
    public async Task The_coordinator_moves_to_the_second_coordinator_member_and_the_sweep_completes_from_a_shared_SQLite_journal() =>
        await Singleton_hand_over_completes_the_sweep();

    [PostgresFact]
    public async Task The_coordinator_moves_to_the_second_coordinator_member_and_the_sweep_completes_from_PostgreSQL()
    {
        _cluster.Database = GridPersistenceOptions.Postgres(PostgresFactAttribute.ConnectionString!);
        await Singleton_hand_over_completes_the_sweep();
    }

    private async Task Singleton_hand_over_completes_the_sweep()
    {
        var first = await _cluster.Coordinator();
        var second = await _cluster.Coordinator();
        var runner = Slow(100);
        await _cluster.Node(runner);
        var sweep = ClusterTestbed.Sweep(30, id: UniqueSweepId());
        await ClusterGridClient.Of(second).Submit(sweep);
        await WaitFor(() => runner.Runs.Count >= 6, "a few jobs to finish under the first coordinator");

        await _cluster.Kill(first);
        var progress = await ClusterTestbed.Finished(second, sweep.SweepId, Patience);

        Assert.Equal(30, progress.Succeeded);
        Assert.Equal(30, runner.Runs.Count);
        // An assignment leaves before its lease is stored, so a job assigned in the moment the first coordinator died runs
        // again under the same attempt number (by design, docs/ARCHITECTURE.md): how many is the machine's timing. That
        // running jobs kept their leases shows below: a job re-queued at the hand-over would end at attempt 2.
        Assert.All(runner.Runs, run => Assert.InRange(run.Value, 1, 2));
        var status = await ClusterGridClient.Of(second).Status();
        Assert.Equal(2, status.Workers.Count); // the node's workers registered again with the new coordinator
        // The results projector moved with it: the table ends with one row per job, each succeeded once.
        var rows = await ResultRows(sweep.SweepId, count: 30);
        Assert.Equal(30, rows.Count);
        Assert.All(rows, r => Assert.Equal(("succeeded", 1), (r.Status, r.Attempt)));
    }

    [Fact]
    public async Task A_sweep_of_five_thousand_jobs_fits_one_message_across_the_network()
    {
        await _cluster.Coordinator();
        var client = await _cluster.Client();
        // A realistic resolved config per job (~1.2 kB), as SweepBuilder writes it.
        var config = "{\"algorithm\":{\"name\":\"mu\",\"init\":\"nndsvda\",\"rank\":32,\"beta\":1.0,\"max_iter\":200,\"tol\":0.0001}," +
                     "\"task\":{\"name\":\"separation\",\"sample_rate\":22050,\"n_fft\":2048,\"hop\":512,\"duration\":30.0,\"window\":\"hann\"}," +
                     "\"dataset\":{\"name\":\"musdb18hq\",\"root\":\"/data/musdb18hq\",\"split\":\"test\"}," +
                     "\"run\":{\"workers\":8,\"blas\":\"auto\",\"max_attempts\":3,\"lease_seconds\":120}," + new string(' ', 700) + "}";
        var sweep = ClusterTestbed.Sweep(5000) is var s
            ? s with { Jobs = s.Jobs.Select(j => j with { ConfigJson = config, TrackId = "track-" + j.JobId }).ToArray() }
            : null!;

        var accepted = await client.Submit(sweep);
        Assert.Equal(5000, accepted.Jobs);
        var results = await client.Results(sweep); // read back in pages
        Assert.Equal(sweep.Jobs.Select(j => j.JobId), results.Jobs.Select(j => j.Spec.JobId));
    }

    [Fact]
    public async Task A_sweep_larger_than_one_frame_goes_in_parts_and_every_job_comes_back()
    {
        await _cluster.Coordinator();
        var client = await _cluster.Client();
        // 2,000 jobs × 10 kB of config: about 20 MB, more than the 16 MiB frame.
        var sweep = ClusterTestbed.Sweep(2000) is var s
            ? s with { Jobs = s.Jobs.Select(j => j with { ConfigJson = "{\"pad\":\"" + new string('x', 10_000) + "\"}" }).ToArray() }
            : null!;
        Assert.True(ClusterGridClient.Parts(sweep).Count >= 2);

        var accepted = await client.Submit(sweep);

        Assert.Equal(2000, accepted.Jobs);
        var results = await client.Results(sweep);
        Assert.Equal(sweep.Jobs.Select(j => j.JobId), results.Jobs.Select(j => j.Spec.JobId));
    }

    [Fact]
    public void A_job_too_large_for_any_frame_is_refused_naming_the_job_and_the_setting()
    {
        var sweep = ClusterTestbed.Sweep(3) is var s
            ? s with { Jobs = s.Jobs.Select((j, i) => i == 1 ? j with { ConfigJson = new string('x', 17_000_000) } : j).ToArray() }
            : null!;

        var e = Assert.Throws<ClusterSettingsException>(() => ClusterGridClient.Parts(sweep));

        Assert.Contains("maximum-frame-size", e.Message);
        Assert.Contains(sweep.Jobs[1].JobId, e.Message);
    }

    private sealed class EventListener : Akka.Actor.ReceiveActor
    {
        public EventListener(System.Collections.Concurrent.ConcurrentQueue<string> events) => ReceiveAny(e => events.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {e}"));
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {Patience} for {what}");
            await Task.Delay(50);
        }
    }
}
