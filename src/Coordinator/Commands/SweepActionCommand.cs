using System.CommandLine;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// A person's action on a sweep that a cluster runs: `nmfgrid cancel SWEEP --cluster SEED [--reason TEXT]` fails its
/// pending and running jobs (a result that still arrives is kept), `nmfgrid retry SWEEP --cluster SEED` puts its failed
/// jobs back in the queue. An embedded `nmfgrid run` is stopped with Ctrl-C and continued with `resume` (which retries
/// failed jobs too), so these speak to a cluster only.
/// </summary>
public static class SweepActionCommand
{
    public static Command Cancel() => Create("cancel", "Cancel a sweep a cluster runs: its pending and running jobs fail as cancelled.",
        RunCommand.JoinTimeout, withReason: true);

    public static Command Retry() => Create("retry", "Run a sweep's failed jobs again on a cluster, with their attempts restored.",
        RunCommand.JoinTimeout, withReason: false);

    /// <param name="joinTimeout">How long `--cluster` waits to join through the seed before it gives up (tests shorten it).</param>
    internal static Command Create(string name, string description, TimeSpan joinTimeout, bool withReason)
    {
        var sweepId = new Argument<string>("sweep") { Description = "The sweep's id (`nmfgrid status --cluster SEED` lists them)." };
        var cluster = new Option<string>("--cluster")
        {
            Description = "A member of the running grid cluster, akka.tcp://nmfgrid@HOST:4053.",
            Required = true,
        };
        var reason = new Option<string>("--reason") { Description = "Why, kept with each cancelled job (default: cancelled from the command line)." };
        var insecure = ClusterOptionSet.InsecureOption();
        var command = new Command(name, description) { sweepId, cluster, insecure };
        if (withReason)
        {
            command.Options.Add(reason);
        }
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var id = parse.GetValue(sweepId)!;
            var seed = parse.GetValue(cluster)!;
            try
            {
                await using var client = await ClusterGridClient.Start(ClusterSettings.FromEnvironment(null, null, 0, [seed], 0, insecure: parse.GetValue(insecure)));
                await client.WaitUntilUp(joinTimeout, cancellation);
                var done = withReason
                    ? await client.Cancel(id, parse.GetValue(reason) ?? "cancelled from the command line", cancellation)
                    : await client.RetryFailed(id, cancellation);
                if (done is null)
                {
                    error.WriteLine($"{name}: the cluster's coordinator knows no sweep '{id}' (`nmfgrid status --cluster {seed}` lists them)");
                    return 2;
                }
                output.WriteLine(Describe(done));
                return 0;
            }
            catch (ClusterSettingsException e)
            {
                error.WriteLine($"{name}: {e.Message}");
                return 2;
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                error.WriteLine($"{name}: joined the cluster at {seed}, but no coordinator answered for 90 s (is an `nmfgrid coordinator` member running?)");
                return 1;
            }
        });
        return command;
    }

    /// <summary>One line saying what changed.</summary>
    internal static string Describe(SweepActionDone done) => (done.Action, done.Jobs) switch
    {
        ("cancel", 0) => $"sweep {done.SweepId}: nothing to cancel (no job pending or running)",
        ("cancel", var n) => $"sweep {done.SweepId}: cancelled {Plural.Count(n, "job")}",
        ("retry", 0) => $"sweep {done.SweepId}: no failed job to retry",
        (_, var n) => $"sweep {done.SweepId}: {Plural.Count(n, "failed job")} queued again",
    };
}
