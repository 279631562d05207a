using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Tests.Chaos;
using NmfGrid.Coordinator.Tests.Sweeps;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// The journal unreachable for a while (found by the chaos test: PostgreSQL stopped and started). Akka.Persistence
/// stops a coordinator whose write fails, and a cluster singleton that stops is not started again: before the fix the
/// cluster stayed without a coordinator, every sweep stalled and `run --cluster` gave up after 90 s, until a
/// coordinator process was restarted by hand. Here the journal is a SQLite file that another connection locks for
/// writing (the coordinator's busy timeout 1 s), which fails a write the same way, in-process and without PostgreSQL.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class JournalOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task A_coordinator_whose_journal_write_failed_starts_again_and_the_sweep_completes_with_each_job_once()
    {
        var journal = Path.Combine(_cluster.Root, "journal.db");
        _cluster.Database = GridPersistenceOptions.Sqlite(journal) with { BusyTimeout = TimeSpan.FromSeconds(1) };
        var coordinator = await _cluster.Coordinator();
        var errors = new ConcurrentQueue<string>();
        coordinator.System.EventStream.Subscribe(coordinator.System.ActorOf(Props.Create(() => new ErrorListener(errors))), typeof(Error));
        using var gate = new ManualResetEventSlim();
        var runner = new CountingRunner((job, _) =>
        {
            gate.Wait();
            return null;
        });
        await _cluster.Node(runner, workers: 2);
        var sweep = ClusterTestbed.Sweep(6);
        await ClusterGridClient.Of(coordinator).Submit(sweep);
        await WaitFor(() => runner.Runs.Count == 2, "two jobs to start");

        // Another writer holds the journal: the results of the two running jobs cannot be stored.
        await using (var blocker = new SqliteConnection(SqliteDatabase.ConnectionString(journal, TimeSpan.FromSeconds(30))))
        {
            blocker.Open();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                begin.ExecuteNonQuery();
            }
            gate.Set();
            await WaitFor(() => errors.Any(e => e.Contains("Could not persist")), "the coordinator's write to fail");
            using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        var progress = await ClusterTestbed.Finished(coordinator, sweep.SweepId, Patience);
        Assert.Equal(6, progress.Succeeded);
        var ledger = await ClusterGridClient.Of(coordinator).Results(sweep);
        Assert.All(ledger.Jobs, j => Assert.Equal("Succeeded", j.Status));
        var completions = await JournalCompletions.Count(_cluster.Database);
        Assert.Equal(sweep.Jobs.Select(j => j.JobId).Order(), completions.Keys.Order());
        Assert.All(completions, c => Assert.True(c.Value == 1, $"{c.Key} completed {c.Value} times in the journal"));
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

    private sealed class ErrorListener : ReceiveActor
    {
        public ErrorListener(ConcurrentQueue<string> errors) => Receive<Error>(e => errors.Enqueue(e.ToString()));
    }
}
