using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Tests.Reports;
using NmfGrid.Coordinator.Tests.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Hosting;

/// <summary>The results table kept by the projector while an embedded grid runs a sweep (fake jobs, real SQLite files).</summary>
public sealed class ResultsProjectorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nmfgrid-projector-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Database => Path.Combine(_folder, "nmfgrid.db");

    private RunSettings Run => new(2, "managed", 1, 3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), _folder, _folder, Database);

    private static SweepDefinition Sweep(int jobs) =>
        ReportSamples.Ledger(configurations: 1, tracks: jobs).Sweeps[0];

    /// <summary>Polls the table until <paramref name="done"/> holds (the projector polls the journal once a second).</summary>
    private static async Task<IReadOnlyList<ResultRow>> WaitFor(ResultsStore store, Func<IReadOnlyList<ResultRow>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<ResultRow> rows;
        while (!done(rows = store.Rows("sweep-r")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        return rows;
    }

    [Fact]
    public async Task Rows_appear_as_jobs_finish_one_per_job_after_retries_and_a_rebuild_gives_the_same_rows()
    {
        var sweep = Sweep(jobs: 6);
        var gate = new ManualResetEventSlim(false);
        var retried = sweep.Jobs[1].JobId;
        var runner = new CountingRunner((job, _) =>
        {
            if (job.JobId == retried && !gate.IsSet)
            {
                gate.Set();
                throw new IOException("the feature cache was locked"); // retryable: a second attempt runs
            }
            if (job.JobId == sweep.Jobs[5].JobId)
            {
                throw new InvalidDataException("corrupt audio in mixture.wav"); // final
            }
            return ReportSamples.Result(0, int.Parse(job.TrackId["track-".Length..]), factors: false);
        });
        var store = ResultsStore.Open(GridPersistenceOptions.Sqlite(Database));
        IReadOnlyList<ResultRow> live;
        await using (var grid = await EmbeddedGrid.Start(Run, runner: runner))
        {
            await grid.Submit(sweep);

            // While the grid runs, finished jobs show up in the table.
            var some = await WaitFor(store, rows => rows.Any(r => r.Status == "succeeded"));
            Assert.Contains(some, r => r.Status == "succeeded");
            while ((await grid.Progress("sweep-r"))?.Finished != true)
            {
                await Task.Delay(100);
            }
            live = await WaitFor(store, rows => rows.Count(r => r.Status is "succeeded" or "failed") == 6);
        }
        Assert.Equal(6, live.Count);
        Assert.Equal(6, live.Select(r => r.JobId).Distinct().Count());
        Assert.Equal(2, runner.Runs[retried]);
        Assert.Equal(("succeeded", 2), (live.Single(r => r.JobId == retried).Status, live.Single(r => r.JobId == retried).Attempt));
        Assert.Equal("failed", live.Single(r => r.JobId == sweep.Jobs[5].JobId).Status);
        Assert.Contains("corrupt audio", live.Single(r => r.JobId == sweep.Jobs[5].JobId).Error);

        // The same rows as the report's table, and again after rebuilding from the event log alone.
        await using (var reader = await EmbeddedGrid.Start(Run, startWorkers: false, new CoordinatorSettings()))
        {
            Assert.Equal(ResultsProjectionTests.Json(ResultsTable.From(await reader.Ledger(), "sweep-r").Rows), ResultsProjectionTests.Json(live));
            store.Upsert([live[0] with { Status = "tampered" }]);
            await reader.RebuildResults();
        }
        Assert.Equal(ResultsProjectionTests.Json(live), ResultsProjectionTests.Json(store.Rows("sweep-r")));
        // What the explorer draws, written by the projector too (and again by the rebuild): loss curves and the resolved config.
        var succeeded = store.Rows("sweep-r").First(r => r.Status == "succeeded");
        Assert.Equal(ReportSamples.Result(0, int.Parse(succeeded.Track["track-".Length..]), factors: false).LossHistory, succeeded.LossHistory!);
        Assert.Equal(sweep.WithPoints().Points![0].ConfigJson, store.ResolvedConfig("sweep-r", 0));
    }

    [Fact]
    public async Task A_projector_replaying_the_log_over_an_up_to_date_table_writes_each_row_once_in_its_last_state()
    {
        // Over 256 events (one live batch): a job leased in one batch and completed in the next would be written
        // as running first if the replay wrote batch by batch.
        var sweep = Sweep(jobs: 200);
        var runner = new CountingRunner((job, _) => ReportSamples.Result(0, int.Parse(job.TrackId["track-".Length..]), factors: false));
        await using (var grid = await EmbeddedGrid.Start(Run, runner: runner))
        {
            await grid.Submit(sweep);
            while ((await grid.Progress("sweep-r"))?.Finished != true)
            {
                await Task.Delay(100);
            }
        }
        var store = ResultsStore.Open(GridPersistenceOptions.Sqlite(Database));
        Assert.Equal(200, store.Rows("sweep-r").Count(r => r.Status == "succeeded"));
        using (var connection = new SqliteConnection($"Data Source={SqliteDatabase.ResultsPath(Database)}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE written (job_id TEXT, status TEXT);
                CREATE TRIGGER written_update AFTER UPDATE ON nmfgrid_results BEGIN INSERT INTO written VALUES (new.job_id, new.status); END;
                CREATE TRIGGER written_insert AFTER INSERT ON nmfgrid_results BEGIN INSERT INTO written VALUES (new.job_id, new.status); END;
                """;
            command.ExecuteNonQuery();
        }

        await using (var restarted = await EmbeddedGrid.Start(Run, startWorkers: false, new CoordinatorSettings()))
        {
            restarted.StartResults(); // replays the whole log; disposing waits for the replay and a last catch-up
        }

        var written = new List<(string Job, string Status)>();
        using (var connection = new SqliteConnection($"Data Source={SqliteDatabase.ResultsPath(Database)}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT job_id, status FROM written";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                written.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        Assert.Equal(sweep.Jobs.Select(j => j.JobId).Order(StringComparer.Ordinal), written.Select(w => w.Job).Order(StringComparer.Ordinal));
        Assert.All(written, w => Assert.Equal("succeeded", w.Status));
    }

    [Fact]
    public async Task The_projector_actor_told_to_stop_writes_every_event_in_the_log_before_it_stops()
    {
        var sweep = Sweep(jobs: 8);
        var runner = new CountingRunner((job, _) => ReportSamples.Result(0, int.Parse(job.TrackId["track-".Length..]), factors: false));
        await using var grid = await EmbeddedGrid.Start(Run, runner: runner, results: false);
        var projector = grid.System.ActorOf(ResultsProjectorActor.Props(GridPersistenceOptions.Sqlite(Database), new CoordinatorSettings().PersistenceId));
        await grid.Submit(sweep);
        // Events are persisted asynchronously: wait until the journal holds every completion, then stop at once.
        var journal = PersistenceQuery.Get(grid.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        // Bounded, so a wait that can never end fails here rather than hanging the suite.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await journal.CurrentEventsByPersistenceId(new CoordinatorSettings().SweepPersistenceId(sweep.SweepId), 0, long.MaxValue)
                   .RunWith(Sink.Seq<EventEnvelope>(), grid.System.Materializer()))
               .Sum(e => e.Event switch { JobCompleted => 1, JobsCompleted batch => batch.Completions.Count, _ => 0 }) < 8)
        {
            Assert.True(DateTime.UtcNow < deadline, "the journal never held 8 completions");
            await Task.Delay(20);
        }

        // What a singleton hand-over sends: the live query may be up to a poll behind, the last catch-up is not.
        var stopped = projector.WatchAsync();
        projector.Tell(ResultsProjectorActor.StopProjecting.Instance);
        Assert.True(await stopped.WaitAsync(TimeSpan.FromSeconds(30)));

        var rows = ResultsStore.Open(GridPersistenceOptions.Sqlite(Database)).Rows("sweep-r");
        Assert.Equal(8, rows.Count(r => r.Status == "succeeded"));
    }

    [Fact]
    public async Task A_projector_started_after_the_sweep_has_run_still_writes_every_row()
    {
        // What `nmfgrid run` does: the projector starts once the sweep is submitted, off the path to the first lease.
        var sweep = Sweep(jobs: 5);
        var runner = new CountingRunner((job, _) => ReportSamples.Result(0, int.Parse(job.TrackId["track-".Length..]), factors: false));
        await using (var grid = await EmbeddedGrid.Start(Run, runner: runner, projectorLater: true))
        {
            Assert.Null(grid.Projector);
            await grid.Submit(sweep);
            while ((await grid.Progress("sweep-r"))?.Finished != true)
            {
                await Task.Delay(50);
            }
            Assert.Empty(ResultsStore.Open(GridPersistenceOptions.Sqlite(Database)).Rows("sweep-r")); // nothing projected yet
            grid.StartResults(); // replays the log from its start; disposing waits for the last catch-up
        }
        var rows = ResultsStore.Open(GridPersistenceOptions.Sqlite(Database)).Rows("sweep-r");
        Assert.Equal(5, rows.Count(r => r.Status == "succeeded"));
    }

    [Fact]
    public async Task With_the_projector_later_a_results_file_that_cannot_be_opened_still_stops_the_start()
    {
        Directory.CreateDirectory(SqliteDatabase.ResultsPath(Database)); // a folder where the results file should be

        var error = await Assert.ThrowsAsync<GridDatabaseException>(() =>
            EmbeddedGrid.Start(Run, runner: new CountingRunner((_, _) => throw new InvalidOperationException("not run")), projectorLater: true));

        Assert.Contains(SqliteDatabase.ResultsPath(Database), error.Message);
    }

    [Fact]
    public async Task The_projector_actor_keeps_trying_while_the_results_file_cannot_be_opened_and_fills_the_table_once_it_can()
    {
        var sweep = Sweep(jobs: 3);
        var runner = new CountingRunner((job, _) => ReportSamples.Result(0, int.Parse(job.TrackId["track-".Length..]), factors: false));
        var results = SqliteDatabase.ResultsPath(Database);
        Directory.CreateDirectory(results); // a folder where the results file should be: it cannot be opened
        await using var grid = await EmbeddedGrid.Start(Run, runner: runner, results: false);
        grid.System.ActorOf(ResultsProjectorActor.Props(GridPersistenceOptions.Sqlite(Database), new CoordinatorSettings().PersistenceId,
                                                        retryAfter: TimeSpan.FromMilliseconds(200)));
        await grid.Submit(sweep);
        await Task.Delay(500);
        Directory.Delete(results);

        var store = await Eventually(() => File.Exists(results) ? ResultsStore.Open(GridPersistenceOptions.Sqlite(Database)) : null);
        var rows = await WaitFor(store, rows => rows.Count(r => r.Status == "succeeded") == 3);
        Assert.Equal(3, rows.Count(r => r.Status == "succeeded"));
    }

    private static async Task<T> Eventually<T>(Func<T?> attempt) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (attempt() is { } value) return value;
            await Task.Delay(100);
        }
        throw new TimeoutException("waited 60 s");
    }
}
