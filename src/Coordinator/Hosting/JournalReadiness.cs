using Akka.Actor;
using Akka.Persistence;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Waits until the write journal has finished starting (its tables checked or created). Akka.Persistence.Sql's read
/// journal asks the write journal whether it is ready with a fixed 5 s timeout when it is first made, and throws
/// otherwise, so on a busy machine `nmfgrid resume` died with an AskTimeoutException before reading anything (found by
/// the chaos test beside a CPU hog). Asked first with generous patience, that question is then answered at once.
/// The question here is a replay of nothing for an id no one writes: the journal answers it once it is ready.
/// </summary>
public static class JournalReadiness
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <param name="log">The event log as the error names it: a file, or a PostgreSQL host and database.</param>
    public static async Task Wait(ActorSystem system, string log)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        object answer;
        try
        {
            answer = await journal.Ask<object>(replyTo => new ReplayMessages(0, 0, 0, "nmfgrid-journal-readiness", replyTo), Patience, CancellationToken.None);
        }
        catch (AskTimeoutException e)
        {
            throw new GridDatabaseException($"the event log ({log}) did not start within {Patience.TotalSeconds:0} s", e);
        }
        if (answer is ReplayMessagesFailure failure)
        {
            throw new GridDatabaseException($"the event log ({log}) cannot be read: {failure.Cause.Message}", failure.Cause);
        }
    }
}
