using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>
/// <see cref="JournalReadiness"/>: it waits for a journal that is slow to start (Akka.Persistence.Sql's read journal gives
/// it only 5 s, which `nmfgrid resume` exceeded beside a CPU hog in the chaos test), and a journal that cannot read
/// is reported naming the log. The journal here starts when the test says so, not after some time.
/// </summary>
public sealed class JournalReadinessTests() : Akka.TestKit.Xunit2.TestKit("""
    akka.persistence.journal.plugin = "akka.persistence.journal.gated"
    akka.persistence.journal.gated.class = "NmfGrid.Coordinator.Tests.Grid.JournalReadinessTests+GatedJournal, NmfGrid.Coordinator.Tests"
    akka.persistence.journal.gated.plugin-dispatcher = "akka.actor.default-dispatcher"
    """)
{
    private static readonly TaskCompletionSource Asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TaskCompletionSource<Exception?> Started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task It_waits_for_a_journal_that_starts_late_and_names_the_log_when_the_journal_cannot_read()
    {
        var ready = JournalReadiness.Wait(Sys, "SQLite /tmp/slow.db");
        await Asked.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(ready.IsCompleted, "answered before the journal had started");
        Started.SetResult(null);
        await ready.WaitAsync(TimeSpan.FromMinutes(1));

        GatedJournal.Failure = new InvalidOperationException("disk gone");
        var error = await Assert.ThrowsAsync<GridDatabaseException>(() => JournalReadiness.Wait(Sys, "SQLite /tmp/slow.db"));
        Assert.Contains("SQLite /tmp/slow.db", error.Message);
        Assert.Contains("disk gone", error.Message);
    }

    /// <summary>A journal that holds every question until the test lets it start (as a journal creating its tables).</summary>
    public sealed class GatedJournal : AsyncWriteJournal
    {
        public static Exception? Failure { get; set; }

        public override Task ReplayMessagesAsync(Akka.Actor.IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
                                                 Action<IPersistentRepresentation> recoveryCallback) => Task.CompletedTask;

        public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            await Started.Task;
            if (Failure is { } failure) throw failure;
            return 0;
        }

        protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
            Task.FromResult<IImmutableList<Exception?>>(messages.Select(_ => (Exception?)null).ToImmutableList());

        protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
