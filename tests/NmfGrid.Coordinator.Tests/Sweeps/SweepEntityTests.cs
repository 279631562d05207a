using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>Sweeps as persistent entities in the embedded grid: real actor systems, real SQLite files, fake jobs.</summary>
public sealed class SweepEntityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nmfgrid-entities-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Database => Path.Combine(_folder, "nmfgrid.db");

    private RunSettings Run(int workers = 2) => new(workers, "managed", 1, 3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), _folder, _folder, Database);

    private static SweepDefinition Sweep(string id, int jobs) => SweepLedgerTests.Sweep(id, jobs, prefix: id + "-job");

    private static async Task<SweepProgress> Finished(EmbeddedGrid grid, string sweepId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var progress = await grid.Progress(sweepId);
            if (progress is { Finished: true }) return progress;
            Assert.True(DateTime.UtcNow < deadline, $"sweep {sweepId} did not finish: {progress}");
            await Task.Delay(50);
        }
    }

    private static async Task<IReadOnlyList<EventEnvelope>> Events(ActorSystem system, string persistenceId) =>
        await PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
            .CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());

    [Fact]
    public async Task Each_sweep_is_a_persistent_entity_with_its_own_event_stream()
    {
        var runner = new CountingRunner();
        await using var grid = await EmbeddedGrid.Start(Run(), runner: runner, results: false);
        await grid.Submit(Sweep("a", 5));
        await grid.Submit(Sweep("b", 3));
        await Finished(grid, "a");
        await Finished(grid, "b");
        await grid.Coordinator.Ask<AwaitStored>(AwaitStored.Instance, TimeSpan.FromSeconds(30));

        var settings = new CoordinatorSettings();
        var a = await Events(grid.System, settings.SweepPersistenceId("a"));
        var b = await Events(grid.System, settings.SweepPersistenceId("b"));
        Assert.Equal(("sweep-a", "sweep-b"), (settings.SweepPersistenceId("a"), settings.SweepPersistenceId("b")));
        Assert.Empty(await Events(grid.System, settings.PersistenceId)); // nothing in the single coordinator's stream
        Assert.Equal(5, a.SelectMany(e => e.Event is JobsCompleted c ? c.Completions : []).Select(c => c.JobId).Distinct().Count());
        Assert.All(a.SelectMany(e => e.Event is JobsCompleted c ? c.Completions : []), c => Assert.StartsWith("a-job", c.JobId));
        Assert.All(b.SelectMany(e => e.Event is JobsCompleted c ? c.Completions : []), c => Assert.StartsWith("b-job", c.JobId));
        Assert.Equal(8, runner.Runs.Count);
        Assert.All(runner.Runs.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task An_unfinished_sweep_starts_again_with_the_next_grid_on_its_database_without_being_submitted()
    {
        // The first grid has no workers: the sweep is stored, nothing runs, and the process goes away.
        await using (var first = await EmbeddedGrid.Start(Run(), startWorkers: false))
        {
            await first.Submit(Sweep("left", 6));
            await first.Coordinator.Ask<AwaitStored>(AwaitStored.Instance, TimeSpan.FromSeconds(30));
        }

        // The next grid on the same database is sent nothing for that sweep: its remembered entity starts on its own
        // and its workers run every job (what `nmfgrid resume` relies on).
        var runner = new CountingRunner();
        await using var second = await EmbeddedGrid.Start(Run(), runner: runner, results: false);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (runner.Runs.Count < 6)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {runner.Runs.Count} of 6 jobs ran");
            await Task.Delay(50);
        }
        Assert.Equal(6, (await Finished(second, "left")).Succeeded);
    }

    [Fact]
    public async Task A_sweep_extended_by_one_point_runs_only_the_new_points_jobs_and_reports_every_result()
    {
        // The first sweep: one point on four tracks. The second (another id) has the same point and one more; a job id
        // is its resolved configuration and track, so the first point's jobs are the same jobs.
        var first = SweepLedgerTests.Sweep("base", 4, prefix: "p0-track");
        var extended = first with
        {
            SweepId = "extended", Name = "extended",
            Jobs = [.. first.Jobs.Select(j => j with { SweepId = "extended" }),
                    .. Enumerable.Range(0, 2).Select(i => new JobSpec($"p1-track{i}", "extended", 1, "more", "musdb18hq", $"track{i}", i))],
            Points = [new PointSpec("extended", 0, "default", "{}"), new PointSpec("extended", 1, "more", "{\"rank\":8}")],
        };
        var runner = new CountingRunner();
        await using (var grid = await EmbeddedGrid.Start(Run(), runner: runner))
        {
            await grid.Submit(first);
            await Finished(grid, "base");
        } // closing the grid waits until the results table holds every result

        await using (var grid = await EmbeddedGrid.Start(Run(), runner: runner))
        {
            var accepted = await grid.Submit(extended);
            Assert.Equal((6, 4), (accepted.Jobs, accepted.AlreadyDone));
            Assert.Equal(6, (await Finished(grid, "extended")).Succeeded);
            var results = await grid.Coordinator.Ask<SweepResults>(new GetSweepResults("extended", 0, 100), TimeSpan.FromSeconds(30));
            Assert.Equal(6, results.Jobs.Count(j => j.Status == "Succeeded" && j.Result is not null));
        }
        Assert.Equal(6, runner.Runs.Count); // the new point's two jobs ran; the four shared ones did not run again
        Assert.All(runner.Runs.Values, n => Assert.Equal(1, n));
        // A result taken over is stored as reused (JobsReused), not as a second completion of the job.
        var completions = await Chaos.JournalCompletions.Count(GridPersistenceOptions.Sqlite(Database));
        Assert.Equal(6, completions.Count);
        Assert.All(completions.Values, n => Assert.Equal(1, n));

        // The reuse is part of the extended sweep's own log: a grid without the results table replays the same state.
        await using var replay = await EmbeddedGrid.Start(Run(), startWorkers: false);
        Assert.Equal(6, (await replay.Progress("extended"))!.Succeeded);
    }

    [Fact]
    public async Task Status_lists_every_sweep_of_the_journal_after_the_dispatcher_starts_again()
    {
        await using (var grid = await EmbeddedGrid.Start(Run(), runner: new CountingRunner(), results: false))
        {
            await grid.Submit(Sweep("finished-before", 3));
            await Finished(grid, "finished-before");
            await grid.Coordinator.Ask<AwaitStored>(AwaitStored.Instance, TimeSpan.FromSeconds(30));
        }

        // A new dispatcher hears from sweeps with open work only; a finished one must still be listed.
        await using var next = await EmbeddedGrid.Start(Run(), startWorkers: false);
        await next.Submit(Sweep("new", 2));
        var status = await next.Coordinator.Ask<GridStatus>(GetGridStatus.Instance, TimeSpan.FromSeconds(30));
        Assert.Equal(["finished-before", "new"], status.Sweeps.Select(s => s.SweepId).Order(StringComparer.Ordinal));
        Assert.Equal(3, status.Sweeps.Single(s => s.SweepId == "finished-before").Progress.Succeeded);
    }

    [Fact]
    public async Task A_small_sweep_submitted_behind_a_huge_one_is_served_in_turn()
    {
        await using var grid = await EmbeddedGrid.Start(Run(), startWorkers: false);
        await grid.Submit(Sweep("huge", 2000));
        await grid.Submit(Sweep("small", 4));
        // One worker of one slot, asking for one job at a time: the sweeps take turns, so the small one is done
        // within the first eight jobs however large the huge one is.
        var worker = grid.System.ActorOf(Props.Create(() => new OneAtATime(grid.Coordinator, 8)));
        var served = await worker.Ask<IReadOnlyList<string>>("served", TimeSpan.FromSeconds(60));
        Assert.Equal(4, served.Count(s => s == "small"));
        Assert.Equal(4, served.Count(s => s == "huge"));
        Assert.True((await grid.Progress("small"))!.Finished);
    }

    /// <summary>
    /// A worker that asks for one job, reports it (naming its sweep, as workers do), and asks again, until it has run
    /// <paramref name="jobs"/>; then answers with their sweeps.
    /// </summary>
    private sealed class OneAtATime : ReceiveActor
    {
        private readonly List<string> _served = [];
        private IActorRef? _asker;

        public OneAtATime(IActorRef coordinator, int jobs)
        {
            Receive<string>(_ =>
            {
                _asker = Sender;
                coordinator.Tell(new RegisterWorker("one", "host", 1));
                coordinator.Tell(new RequestWork("one", 1));
            });
            Receive<AssignJobs>(assigned =>
            {
                foreach (var a in assigned.Jobs)
                {
                    _served.Add(a.Job.SweepId);
                    var done = _served.Count >= jobs;
                    coordinator.Tell(new JobOutcomes("one", [new JobSucceeded(a.Job.JobId, a.Attempt, "one", CountingRunner.Score(a.Job), a.Job.SweepId)], [],
                                                     FreeSlots: done ? 0 : 1));
                    if (done) _asker!.Tell((IReadOnlyList<string>)_served.ToArray());
                }
            });
            Receive<OutcomesAcknowledged>(_ => { });
        }
    }
}
