using Akka.Actor;
using NmfGrid.Messages;

namespace NmfGrid.Bench.Grid;

/// <summary>
/// Completes when the coordinator has stored this many job outcomes (it publishes each one on the event stream
/// after persisting it), so a benchmark needs no progress polling that would load the coordinator.
/// </summary>
public sealed class SweepCompletion : ReceiveActor
{
    private int _left;

    public SweepCompletion(int jobs, TaskCompletionSource done)
    {
        _left = jobs;
        Receive<JobCompleted>(_ => Count(done));
        Receive<JobAttemptFailed>(f =>
        {
            if (f.Final)
            {
                Count(done);
            }
        });
    }

    private void Count(TaskCompletionSource done)
    {
        if (--_left == 0)
        {
            done.TrySetResult();
        }
    }

    public static Task Watch(ActorSystem system, int jobs)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var counter = system.ActorOf(Props.Create(() => new SweepCompletion(jobs, done)));
        system.EventStream.Subscribe(counter, typeof(JobCompleted));
        system.EventStream.Subscribe(counter, typeof(JobAttemptFailed));
        return done.Task;
    }
}
